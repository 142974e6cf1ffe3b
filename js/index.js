import{initSync as s,createClient as C,normalizePhoneNumber as N}from'../pkg/sms_mfa_sdk.js';
let r,l=0;
const W=WebAssembly,g=f=>x=>{if(!l){const m='Call init() before createClient().';throw Object.assign(new Error(m),{name:'SdkError',errorType:'not_initialized',statusCode:0,requestId:'',errorMessage:m,errorUrl:'',retryable:!1})}return f(x)},
load=async i=>{i=await(i??new URL('sms_mfa_sdk_bg.wasm',import.meta.url));if(typeof i=='string'||i instanceof URL||typeof Request=='function'&&i instanceof Request)i=await fetch(i);if(typeof Response=='function'&&i instanceof Response){if(!i.ok)throw Error('Fetching the .wasm failed: '+i.status);i=await(W.compileStreaming?W.compileStreaming(i.clone()).catch(()=>i.arrayBuffer()):i.arrayBuffer())}s({module:i instanceof W.Module?i:await W.compile(i)});l=1};
export default i=>r||=load(i).catch(e=>{r=0;throw e});
export const createClient=g(C),normalizePhoneNumber=g(x=>typeof x=='string'?N(x):null),isSdkError=v=>v instanceof Error&&v.name=='SdkError'&&typeof v.errorType=='string';
