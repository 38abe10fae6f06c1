/** Who is calling: the signed-in person as the handlers and use cases see them (roles and scope read from the table). */
export type Caller = {
  personId: string;
  orgId: string;
  name: string;
  roles: string[];
  departmentId?: string;
  sourceIp?: string;
  /** On pages: the organisation's name for the header. */
  orgName?: string;
  /** On pages: how many rows the person's 待办 holds (the navigation shows it). */
  todoCount?: number;
};
