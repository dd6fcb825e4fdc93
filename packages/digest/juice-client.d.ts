// juice's network-free entry (no web-resource-inliner), typed like the main entry.
declare module 'juice/client.js' {
  import juice = require('juice');
  export = juice;
}
