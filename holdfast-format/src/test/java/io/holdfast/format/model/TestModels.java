package io.holdfast.format.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small model files of every format, written byte by byte for tests. */
final class TestModels {
    private TestModels() {}

    static byte[] gguf() {
        Out o = new Out();
        o.bytes("GGUF".getBytes(StandardCharsets.US_ASCII)).u32(3).u64(2).u64(2);
        o.str("general.name").u32(8).str("tiny");
        o.str("tokenizer.ggml.scores").u32(9).u32(6).u64(3).u32(0).u32(0).u32(0);
        o.str("tok_embd.weight").u32(2).u64(8).u64(4).u32(0).u64(0); // F32 4x8: 128 bytes
        o.str("blk.0.q").u32(1).u64(64).u32(8).u64(128); // Q8_0 64 elements: 2 blocks of 34 bytes
        while (o.size() % 32 != 0) {
            o.b(0);
        }
        for (int i = 0; i < 128 + 68; i++) {
            o.b(i);
        }
        return o.toByteArray();
    }

    static byte[] npy(String descr, String shape, int dataBytes) {
        String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        StringBuilder sb = new StringBuilder(h);
        while ((10 + sb.length() + 1) % 64 != 0) {
            sb.append(' ');
        }
        sb.append('\n');
        Out o = new Out();
        o.bytes(NpyParser.MAGIC).b(1).b(0);
        o.b(sb.length() & 0xFF).b(sb.length() >> 8);
        o.bytes(sb.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < dataBytes; i++) {
            o.b(i * 7);
        }
        return o.toByteArray();
    }

    static byte[] zip(String[] names, byte[][] contents) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            for (int i = 0; i < names.length; i++) {
                ZipEntry e = new ZipEntry(names[i]);
                e.setMethod(ZipEntry.STORED);
                e.setSize(contents[i].length);
                CRC32 crc = new CRC32();
                crc.update(contents[i]);
                e.setCrc(crc.getValue());
                z.putNextEntry(e);
                z.write(contents[i]);
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static byte[] npz() {
        return zip(new String[] {"a.npy", "b.npy"}, new byte[][] {npy("<f4", "2, 3", 24), npy("|u1", "5,", 5)});
    }

    static byte[] pytorch() {
        byte[] pkl = {(byte) 0x80, 2, '}', 'q', 0, '.'};
        return zip(
                new String[] {"archive/data.pkl", "archive/data/0", "archive/data/1", "archive/version"},
                new byte[][] {pkl, new byte[4096], new byte[1000], "3\n".getBytes(StandardCharsets.US_ASCII)});
    }

    /** A torch.save-like zip whose pickle names two F32 tensors: "w" [2, 2] on storage 0, "b" [3] on storage 1. */
    static byte[] pytorchNamed() {
        Out p = new Out();
        p.b(0x80)
                .b(2)
                .b('c')
                .bytes(ascii("collections\nOrderedDict\n"))
                .b(')')
                .b('R')
                .b('(');
        tensor(p, "w", "0", 4, new int[] {2, 2});
        tensor(p, "b", "1", 3, new int[] {3});
        p.b('u').b('.');
        return zip(
                new String[] {"archive/data.pkl", "archive/data/0", "archive/data/1"},
                new byte[][] {p.toByteArray(), new byte[16], new byte[12]});
    }

    private static void tensor(Out p, String name, String key, int numel, int[] shape) {
        p.b('X').u32(name.length()).bytes(ascii(name));
        p.b('c').bytes(ascii("torch._utils\n_rebuild_tensor_v2\n")).b('(');
        p.b('(').b('X').u32(7).bytes(ascii("storage")).b('c').bytes(ascii("torch\nFloatStorage\n"));
        p.b('X')
                .u32(key.length())
                .bytes(ascii(key))
                .b('X')
                .u32(3)
                .bytes(ascii("cpu"))
                .b('K')
                .b(numel)
                .b('t')
                .b('Q');
        p.b('K').b(0);
        p.b('(');
        for (int d : shape) {
            p.b('K').b(d);
        }
        p.b('t').b('(');
        for (int i = 0; i < shape.length; i++) {
            p.b('K').b(1);
        }
        p.b('t').b(0x89);
        p.b('c').bytes(ascii("collections\nOrderedDict\n")).b(')').b('R');
        p.b('t').b('R');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** ONNX ModelProto with one raw initializer "w" (F32 2x2) and one external one "e" (F32 [3]). */
    static byte[] onnx() {
        Out raw = new Out();
        raw.tag(1, 0)
                .varint(2)
                .tag(1, 0)
                .varint(2)
                .tag(2, 0)
                .varint(1)
                .tag(8, 2)
                .lenStr("w");
        raw.tag(9, 2).varint(16).bytes(new byte[16]);
        Out ext = new Out();
        ext.tag(1, 0).varint(3).tag(2, 0).varint(1).tag(8, 2).lenStr("e");
        Out kv = new Out();
        kv.tag(1, 2).lenStr("location").tag(2, 2).lenStr("weights.bin");
        ext.tag(13, 2).varint(kv.size()).bytes(kv.toByteArray()).tag(14, 0).varint(1);
        Out graph = new Out();
        graph.tag(2, 2).lenStr("g");
        graph.tag(5, 2).varint(raw.size()).bytes(raw.toByteArray());
        graph.tag(5, 2).varint(ext.size()).bytes(ext.toByteArray());
        Out m = new Out();
        m.tag(1, 0).varint(8).tag(2, 2).lenStr("holdfast-test").tag(7, 2).varint(graph.size());
        m.bytes(graph.toByteArray());
        return m.toByteArray();
    }

    static final class Out extends ByteArrayOutputStream {
        Out b(int v) {
            write(v);
            return this;
        }

        Out bytes(byte[] b) {
            writeBytes(b);
            return this;
        }

        Out u32(long v) {
            for (int i = 0; i < 4; i++) {
                write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Out u64(long v) {
            return u32(v).u32(v >>> 32);
        }

        Out str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return u64(b.length).bytes(b);
        }

        Out varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            write((int) v);
            return this;
        }

        Out tag(int field, int wire) {
            return varint((long) field << 3 | wire);
        }

        Out lenStr(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return varint(b.length).bytes(b);
        }
    }
}
