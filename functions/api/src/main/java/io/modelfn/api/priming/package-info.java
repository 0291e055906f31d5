/** SnapStart priming: warm the prediction path before the snapshot, make the restored copy fresh and unique. */
package io.modelfn.api.priming;
