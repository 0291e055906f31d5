package io.modelfn.api.http;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Keeps request bodies and clients' mistakes out of the logs on the Funqy path. Funqy logs every body
 * it cannot parse at ERROR with the parser's exception, whose message quotes the offending text
 * ("Unrecognized token 'secret-value'"): a client's payload in our logs, and a log line per bad
 * request. It also logs every call with a method other than GET or POST at ERROR ("Must be POST or
 * GET for: predict"): anyone could fill the error log with them. Both kinds of records are dropped; the
 * client still gets its 4xx JSON error (400, 405) and the request its metrics record.
 */
@ApplicationScoped
public class FunqyLogRedaction {

    static final String FUNQY_CATEGORY = "io.quarkus.funqy";
    static final String UNPARSABLE_INPUT = "Failed to unmarshal input";
    static final String WRONG_METHOD = "Must be POST or GET";

    /** Held so the logger (and its filter) cannot be collected. */
    private static final Logger FUNQY = Logger.getLogger(FUNQY_CATEGORY);

    void install(@Observes StartupEvent event) {
        Filter previous = FUNQY.getFilter();
        FUNQY.setFilter(record -> !isClientMistake(record.getMessage())
                && (previous == null || previous.isLoggable(record)));
    }

    /** Whether a Funqy record reports a client's mistake (an unparsable body, a wrong method). */
    static boolean isClientMistake(String message) {
        return message != null && (message.startsWith(UNPARSABLE_INPUT) || message.startsWith(WRONG_METHOD));
    }
}
