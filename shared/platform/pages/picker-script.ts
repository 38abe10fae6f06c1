import { createHash } from 'node:crypto';

/** A picker with this many choices or more gets a search box (people, departments, organisations, reports). */
export const PICKER_SEARCH_MIN = 10;

/**
 * The ` data-picker="…"` attribute of a picker's `<select>` or `<fieldset>` of checkboxes when its list is long enough
 * to search (`what` names the choices in the search box's label: 人员, 单位, 报告). Nothing otherwise.
 */
export const pickerAttr = (count: number, what = '') =>
  count >= PICKER_SEARCH_MIN ? ` data-picker="${what.replace(/[^\p{L}\p{N} ]/gu, '')}"` : '';

/**
 * The one script of the pages, inlined by `layout` and allowed by its hash in the CSP (`script-src 'sha256-…'`, never
 * `unsafe-inline`). Progressive enhancement only: every page works without it.
 * - A long picker (`[data-picker]`) gets a search box above it: typing hides the choices whose text does not hold
 *   what is typed (spaces ignored, case folded); a chosen or ticked choice always stays; a group whose name matches
 *   shows all its choices; Enter in the box does not submit the form. A `<select>` is rebuilt from its own options
 *   (hidden options are ignored by some phones' native pickers).
 * - A form with `data-draft="key"` keeps what is typed in the browser (localStorage, per key) and puts it back after
 *   a reload into fields the page left empty; a successful submit clears it (the page after it carries
 *   `data-draft-clear="key"`). Fields named `idempotencyKey` are never kept.
 */
export const PAGE_SCRIPT = `(function(){
var d=document,n=0;
function norm(s){return (s||'').toLowerCase().replace(/\\s+/g,'');}
function each(list,f){Array.prototype.forEach.call(list,f);}
each(d.querySelectorAll('[data-picker]'),function(el){
n++;var id='picker-search-'+n,sel=el.tagName==='SELECT';
var box=d.createElement('div');box.className='picker-search';
var lab=d.createElement('label');lab.htmlFor=id;lab.textContent='搜索'+(el.getAttribute('data-picker')||'')+'（输入名称中的字）';
var inp=d.createElement('input');inp.type='search';inp.id=id;inp.autocomplete='off';inp.setAttribute('enterkeyhint','search');
var st=d.createElement('span');st.className='hint picker-count';st.setAttribute('aria-live','polite');st.id=id+'-count';
inp.setAttribute('aria-describedby',st.id);
box.appendChild(lab);box.appendChild(inp);box.appendChild(st);
if(sel){el.parentNode.insertBefore(box,el);}else{var lg=el.querySelector('legend');el.insertBefore(box,lg?lg.nextSibling:el.firstChild);}
var orig=sel?Array.prototype.map.call(el.children,function(c){return {node:c,kids:c.tagName==='OPTGROUP'?Array.prototype.slice.call(c.children):null};}):null;
function filter(){
var q=norm(inp.value),shown=0,total=0;
if(sel){
var v=el.value;el.textContent='';
orig.forEach(function(g){
if(g.kids){var gh=q&&norm(g.node.label).indexOf(q)>=0;g.node.textContent='';
g.kids.forEach(function(o){total++;if(!q||gh||o.value===v||norm(o.textContent).indexOf(q)>=0){g.node.appendChild(o);shown++;}});
if(g.node.children.length)el.appendChild(g.node);}
else{var o=g.node;if(!o.value){el.appendChild(o);return;}total++;if(!q||o.value===v||norm(o.textContent).indexOf(q)>=0){el.appendChild(o);shown++;}}
});
el.value=v;
}else{
each(el.querySelectorAll('.choice-group'),function(g){g.hidden=false;});
each(el.querySelectorAll('input[type=checkbox]'),function(c){
var l=c.closest('label'),g=c.closest('.choice-group'),gn=g&&g.querySelector('.hint');total++;
var hit=!q||c.checked||norm(l.textContent).indexOf(q)>=0||(gn&&norm(gn.textContent).indexOf(q)>=0);
l.hidden=!hit;if(hit)shown++;});
each(el.querySelectorAll('.choice-group'),function(g){var any=false;each(g.querySelectorAll('label'),function(l){if(!l.hidden)any=true;});g.hidden=!any;});
}
st.textContent=q?('显示 '+shown+' 项，共 '+total+' 项'):'';
}
inp.addEventListener('input',filter);
inp.addEventListener('keydown',function(e){if(e.key==='Enter')e.preventDefault();});
});
var ls;try{ls=window.localStorage;}catch(e){ls=null;}
if(!ls)return;
each(d.querySelectorAll('[data-draft-clear]'),function(el){try{ls.removeItem('draft:'+el.getAttribute('data-draft-clear'));}catch(e){}});
each(d.querySelectorAll('form[data-draft]'),function(f){
var key='draft:'+f.getAttribute('data-draft'),saved={};
try{saved=JSON.parse(ls.getItem(key)||'{}')||{};}catch(e){saved={};}
var restored=false;
each(f.elements,function(e){
if(!e.name||e.name==='idempotencyKey'||e.type==='hidden'||e.type==='submit'||e.type==='checkbox'||e.type==='radio')return;
if(typeof saved[e.name]==='string'&&saved[e.name]&&!e.value){e.value=saved[e.name];restored=true;}
});
if(restored){var p=d.createElement('p');p.className='notice draft-restored';p.setAttribute('role','status');p.textContent='已恢复上次未提交的内容（保存在本机浏览器中）。';f.insertBefore(p,f.firstChild);}
function save(){var o={};each(f.elements,function(e){if(e.name&&e.name!=='idempotencyKey'&&e.type!=='hidden'&&e.type!=='submit'&&e.type!=='checkbox'&&e.type!=='radio'&&e.value)o[e.name]=e.value;});
try{ls.setItem(key,JSON.stringify(o));}catch(e){}}
f.addEventListener('input',save);f.addEventListener('change',save);
});
})();`;

/** The CSP source that allows exactly `PAGE_SCRIPT` inline. */
export const PAGE_SCRIPT_CSP = `'sha256-${createHash('sha256').update(PAGE_SCRIPT, 'utf8').digest('base64')}'`;
