package io.holdfast.server.policy;

/** A field of a definition is wrong: the API answers 422 naming {@link #field()}. */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String reason;

    public SpecException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
        this.reason = message;
    }

    public String field() {
        return field;
    }

    /** The message without the field. */
    public String reason() {
        return reason;
    }
}
