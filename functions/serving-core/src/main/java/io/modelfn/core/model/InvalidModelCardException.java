package io.modelfn.core.model;

import java.util.List;

/** A model card that cannot be read or breaks the card's rules; the message lists every problem. */
public class InvalidModelCardException extends RuntimeException {

    private final List<String> problems;

    public InvalidModelCardException(List<String> problems) {
        super("invalid model card: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
