package io.holdfast.engine;

import java.io.IOException;
import java.util.List;

/** {@code backup --validate=fail} met model files that failed validation and wrote no snapshot. */
public class ModelValidationException extends IOException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ModelValidationException(List<String> problems) {
        super(problems.size() + " model file(s) failed validation, no snapshot written: " + problems.get(0));
        this.problems = List.copyOf(problems);
    }

    /** One message per invalid model file, naming file, tensor and offsets. */
    public List<String> problems() {
        return problems;
    }
}
