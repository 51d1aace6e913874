package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Formats;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.ModelValidator;
import io.holdfast.format.model.ModelLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast validate}: checks model files on disk or in a snapshot, without executing anything. */
@Command(
        name = "validate",
        description = {
            "Validate model files (safetensors, PyTorch zip, GGUF, ONNX, NumPy npy/npz), recognised by content, "
                    + "on disk or in a snapshot. Nothing in a file is executed (pickles are never unpickled).",
            "Checks: the header parses; tensor offsets are in bounds, do not overlap and (safetensors) are contiguous;"
                    + " each tensor's size is its element count times its dtype size; the file size; GGUF alignment;"
                    + " ONNX external data. In a snapshot, every blob of each model is also read and verified, and"
                    + " damage is reported as file, tensor name and offsets.",
            "A TARGET that exists on disk is a local file or directory; otherwise it is SNAPSHOT[:PATH] in the"
                    + " repository (latest or an id prefix).",
            "Exit codes: 0 all model files valid, 20 at least one invalid, 1 fatal error."
        })
public final class ValidateCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(arity = "1..*", paramLabel = "TARGET", description = "PATH on disk, or SNAPSHOT[:PATH].")
    List<String> targets = new ArrayList<>();

    @Option(
            names = "--scan-values",
            description = "Read every floating-point tensor: count NaN and infinite values (which make the file"
                    + " invalid) and report per-tensor min, max, mean and standard deviation (with --json).")
    boolean scanValues;

    public ValidateCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Output out = globals.output();
        List<ModelValidator.Report> reports = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        for (String t : targets) {
            Path p = Path.of(t);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                reports.addAll(local(p));
            } else {
                remote.add(t);
            }
        }
        if (!remote.isEmpty()) {
            try (Holdfast h = Repos.open(globals)) {
                for (String t : remote) {
                    int colon = t.indexOf(':');
                    String snap = colon < 0 ? t : t.substring(0, colon);
                    String path = colon < 0 ? "/" : t.substring(colon + 1);
                    reports.addAll(h.validateModels(snap, path, scanValues));
                }
            }
        }
        int invalid = 0;
        for (ModelValidator.Report r : reports) {
            print(out, r);
            if (r.status() == ModelValidator.Status.INVALID) {
                invalid++;
            }
        }
        if (!out.json()) {
            long models = reports.stream()
                    .filter(r -> r.status() != ModelValidator.Status.NOT_A_MODEL)
                    .count();
            out.info(models + " model file(s) checked, " + invalid + " invalid");
        }
        return invalid > 0 ? ExitCode.MODEL_INVALID : ExitCode.OK;
    }

    private List<ModelValidator.Report> local(Path root) throws IOException {
        List<ModelValidator.Report> out = new ArrayList<>();
        if (Files.isRegularFile(root, LinkOption.NOFOLLOW_LINKS)) {
            out.add(ModelValidator.validate(root, scanValues));
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .toList();
        }
        for (Path f : files) {
            try {
                ModelValidator.Report r = ModelValidator.validate(f, scanValues);
                if (r.status() != ModelValidator.Status.NOT_A_MODEL) {
                    out.add(r);
                }
            } catch (IOException e) {
                throw new CliException(ExitCode.FATAL, f + ": cannot be read: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static void print(Output out, ModelValidator.Report r) {
        ModelLayout l = r.layout();
        String status = r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", r.file());
            m.put("status", status);
            if (l != null) {
                m.put("format", l.format().id());
                m.put("tensors", l.tensors().size() + l.external().size());
                m.put("parameters", l.parameterCount());
                m.put("dtypes", l.dtypeCounts());
                m.put("file_size", l.fileSize());
            }
            m.put("problems", r.problems());
            if (!r.values().isEmpty()) {
                List<Map<String, Object>> vs = new ArrayList<>();
                for (ModelValidator.TensorValues v : r.values()) {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("tensor", v.tensor());
                    t.put("offset", v.offset());
                    t.put("end", v.end());
                    t.put("elements", v.scan().elements());
                    t.put("nan", v.scan().nan());
                    t.put("inf", v.scan().inf());
                    t.put("min", finite(v.scan().min()));
                    t.put("max", finite(v.scan().max()));
                    t.put("mean", finite(v.scan().mean()));
                    t.put("std", finite(v.scan().std()));
                    vs.add(t);
                }
                m.put("values", vs);
            }
            out.emit(m);
            return;
        }
        if (l != null) {
            out.print(String.format(
                    "%-9s %-11s %6d tensors %10s params  %s  %s",
                    status,
                    l.format().id(),
                    l.tensors().size() + l.external().size(),
                    Formats.count(l.parameterCount()),
                    l.dtypeCounts(),
                    r.file()));
        } else {
            out.print(String.format("%-9s %s", status, r.file()));
        }
        for (String p : r.problems()) {
            out.print("    " + p);
        }
    }

    private static Object finite(double d) {
        return Double.isFinite(d) ? d : String.valueOf(d);
    }
}
