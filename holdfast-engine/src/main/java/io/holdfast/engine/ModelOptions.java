package io.holdfast.engine;

/**
 * How a backup treats model files (recognised by content: safetensors, PyTorch zip, GGUF, ONNX, NumPy).
 *
 * @param chunking cut chunks at tensor boundaries (the default); false chunks model files like any other file
 * @param validate what a structurally invalid model file does to the backup
 */
public record ModelOptions(boolean chunking, Validate validate) {
    /** Tensor-aligned chunking on, validation {@link Validate#WARN}. */
    public static final ModelOptions DEFAULTS = new ModelOptions(true, Validate.WARN);

    /** What a model file that fails validation does to a backup. */
    public enum Validate {
        /** Do not validate; no model record is stored unless chunking detects the model anyway. */
        OFF,
        /** Record the problem with the snapshot, report it, and write the snapshot (the default). */
        WARN,
        /** Report the problem and write no snapshot. */
        FAIL
    }

    /** Whether model files need to be detected at all. */
    public boolean detect() {
        return chunking || validate != Validate.OFF;
    }
}
