package io.holdfast.format.model;

/** The model file formats Holdfast recognises by content. */
public enum ModelFormat {
    /** Hugging Face safetensors: a little-endian u64 header length, a JSON header, then the tensor data. */
    SAFETENSORS("safetensors"),
    /** PyTorch's zip checkpoint ({@code torch.save}): {@code archive/data.pkl} plus one stored entry per storage. */
    PYTORCH_ZIP("pytorch"),
    /** llama.cpp's GGUF, versions 2 and 3. */
    GGUF("gguf"),
    /** ONNX protobuf model with initializers in {@code raw_data} or in external data files. */
    ONNX("onnx"),
    /** A NumPy {@code .npy} array. */
    NPY("npy"),
    /** A NumPy {@code .npz} archive: a zip of {@code .npy} arrays. */
    NPZ("npz");

    private final String id;

    ModelFormat(String id) {
        this.id = id;
    }

    /** The lower-case name used in JSON output and messages, e.g. {@code safetensors}. */
    public String id() {
        return id;
    }
}
