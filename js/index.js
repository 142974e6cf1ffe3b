import w,{createClient as C,normalizePhoneNumber as N}from'../pkg/sms_mfa_sdk.js';
let r,l=0;
const g=f=>x=>{if(!l){const m='Call init() before createClient().';throw Object.assign(new Error(m),{name:'SdkError',errorType:'not_initialized',statusCode:0,requestId:'',errorMessage:m,errorUrl:'',retryable:!1})}return f(x)};
export default i=>r||=w(i===void 0?i:{module_or_path:i}).then(()=>{l=1},e=>{r=0;throw e});
export const createClient=g(C),normalizePhoneNumber=g(x=>typeof x=='string'?N(x):null),isSdkError=v=>v instanceof Error&&v.name=='SdkError'&&typeof v.errorType=='string';
