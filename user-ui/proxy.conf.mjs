export { default } from '../libs/dev-server/api-proxy.mjs';
