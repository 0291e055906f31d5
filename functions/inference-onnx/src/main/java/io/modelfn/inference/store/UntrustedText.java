package io.modelfn.inference.store;

/**
 * Echoes text that came from outside (a registry item, a request) into an error message: at most
 * {@value #MAX_ECHO} characters, control and format characters replaced, so a refused location can
 * neither flood the logs nor forge log lines. Stateless, thread-safe.
 */
final class UntrustedText {

    static final int MAX_ECHO = 200;

    private UntrustedText() {
    }

    static String excerpt(String text) {
        boolean cut = text.length() > MAX_ECHO;
        String head = cut ? text.substring(0, MAX_ECHO) : text;
        StringBuilder safe = new StringBuilder(head.length() + 24);
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            boolean printable = !Character.isISOControl(c)
                    && !Character.isSurrogate(c)
                    && Character.getType(c) != Character.FORMAT;
            safe.append(printable ? c : '?');
        }
        if (cut) {
            safe.append("...(").append(text.length()).append(" chars)");
        }
        return safe.toString();
    }
}
