/** How answers are shown: pretty JSON for {@code --json}, aligned tables and formatted values otherwise. */
package io.modelfn.cli.output;
