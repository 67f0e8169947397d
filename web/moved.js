// A page that moved to the front page: follows it there, keeping the address's #… (the item or
// bundle an old link pointed at). The server's CSP allows no inline script, hence this file.
'use strict';
location.replace('/' + location.hash);
