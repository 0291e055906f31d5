package io.modelfn.core.notice;

import java.util.logging.Logger;

/**
 * Writes each notice to the log instead of a topic: the local runner (which has no SNS) and a stage
 * without a topic. Thread-safe; never throws.
 */
public final class LoggedRollbackNotifier implements RollbackNotifier {

    private static final Logger LOG = Logger.getLogger(LoggedRollbackNotifier.class.getName());

    @Override
    public void publish(RollbackNotice notice) {
        LOG.warning(() -> notice.subject() + " " + notice.message());
    }
}
