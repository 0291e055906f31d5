/** cdk-nag: how findings are suppressed (always with a reason). */
package io.modelfn.infra.nag;
