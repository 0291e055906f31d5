/** The admin API: Funqy functions under /admin/, its guard, idempotent calls and JSON. */
package io.modelfn.api.admin;
