package io.holdfast.engine.maintenance;

import java.io.IOException;

/**
 * A maintenance operation refused to go on because the repository is damaged in a way it must not paper over (a blob
 * a snapshot needs is missing, a needed pack is gone or has the wrong size, a blob to keep is damaged). No data was deleted; the message says
 * which repair to run.
 */
public class RepairNeededException extends IOException {
    private static final long serialVersionUID = 1L;

    public RepairNeededException(String message) {
        super(message);
    }
}
