import { DEFAULT_TIMEZONE } from './model.ts';

/**
 * The time zones an office picks from, named as people say them (北京时间, not the IANA id). Pages show a zone by
 * `zoneLabel`; a zone outside this list is shown by its id.
 */
export const ZONE_CHOICES: readonly { zone: string; label: string }[] = [
  { zone: DEFAULT_TIMEZONE, label: '北京时间（UTC+8）' },
  { zone: 'Asia/Urumqi', label: '乌鲁木齐时间（新疆时间，UTC+6）' },
  { zone: 'Asia/Hong_Kong', label: '香港时间（UTC+8）' },
  { zone: 'Asia/Macau', label: '澳门时间（UTC+8）' },
];

/** 北京时间 for the default zone, the zone's Chinese name for the others listed, else the id itself. */
export function zoneLabel(zone: string): string {
  const found = ZONE_CHOICES.find((z) => z.zone === zone)?.label;
  return found ? found.replace(/（.*$/, '') : zone;
}
