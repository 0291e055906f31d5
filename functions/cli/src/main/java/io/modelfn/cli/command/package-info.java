/** What every admin command shares: the session of one invocation (client, output, --json) and its base class. */
package io.modelfn.cli.command;
