package io.holdfast.format.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a PyTorch {@code data.pkl} opcode by opcode on a private stack, without importing or calling anything: it only
 * recognises {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)} calls on persistent storage
 * ids and the dict keys they are stored under, to name each storage's tensor. Any opcode it does not know ends the
 * scan (the caller then keeps the storage names); nothing in the pickle is ever executed.
 */
final class PickleScanner {
    private static final int MAX_STACK = 1 << 20;

    /** A persistent storage reference: {@code ('storage', torch.XStorage, key, location, numel)}. */
    record Storage(String key, @Nullable DType dtype) {}

    /** A tensor rebuilt from a storage. */
    record Tensor(Storage storage, long offset, List<Long> shape) {}

    /** A named tensor found in a dict. */
    record Named(String name, Tensor tensor) {}

    private record Global(String module, String name) {}

    private static final Object MARK = new Object();
    private static final Object OPAQUE = new Object();
    private static final Object NONE = new Object();

    private final byte[] b;
    private int pos;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final List<Named> found = new ArrayList<>();

    private PickleScanner(byte[] b) {
        this.b = b;
    }

    /** The named tensors, or null if the pickle uses something this scanner does not follow. */
    static @Nullable List<Named> scan(byte[] pkl) {
        PickleScanner s = new PickleScanner(pkl);
        try {
            return s.run() ? s.found : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean run() {
        while (pos < b.length) {
            if (stack.size() > MAX_STACK || memo.size() > MAX_STACK) {
                return false;
            }
            int op = b[pos++] & 0xFF;
            switch (op) {
                case 0x80 -> pos++; // PROTO
                case 0x95 -> pos += 8; // FRAME
                case '.' -> {
                    return true; // STOP
                }
                case '(' -> stack.add(MARK);
                case 'N' -> stack.add(NONE);
                case 0x88, 0x89 -> stack.add(op == 0x88);
                case 'K' -> stack.add((long) u(1));
                case 'M' -> stack.add((long) u(2));
                case 'J' -> stack.add((long) (int) u(4));
                case 0x8a -> stack.add(long1(u(1)));
                case 'G' -> {
                    pos += 8;
                    stack.add(OPAQUE);
                }
                case 0x8c, 'U' -> stack.add(str(u(1)));
                case 'X', 'T' -> stack.add(str(u(4)));
                case 0x8d -> stack.add(str(u(8)));
                case 'c' -> stack.add(new Global(line(), line()));
                case 0x93 -> {
                    Object name = pop();
                    stack.add(new Global(String.valueOf(pop()), String.valueOf(name)));
                }
                case '}' -> stack.add(new LinkedHashMap<Object, Object>());
                case ']', ')' -> stack.add(new ArrayList<Object>());
                case 't', 'l' -> stack.add(new ArrayList<>(popMark()));
                case 0x85, 0x86, 0x87 -> {
                    int n = op - 0x84;
                    List<Object> t = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
                    stack.subList(stack.size() - n, stack.size()).clear();
                    stack.add(t);
                }
                case 'q' -> memo.put(u(1), top());
                case 'r' -> memo.put(u(4), top());
                case 0x94 -> memo.put((long) memo.size(), top());
                case 'h' -> stack.add(memo.getOrDefault(u(1), OPAQUE));
                case 'j' -> stack.add(memo.getOrDefault(u(4), OPAQUE));
                case 'Q' -> stack.add(storage(pop()));
                case 'R' -> {
                    Object args = pop();
                    stack.add(reduce(pop(), args));
                }
                case 0x81 -> {
                    pop();
                    pop();
                    stack.add(OPAQUE);
                }
                case 'b' -> pop(); // BUILD: state applied to an object we do not model
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    set(top(), k, v);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        set(top(), items.get(i), items.get(i + 1));
                    }
                }
                case 'a' -> pop();
                case 'e' -> popMark();
                case '0' -> pop();
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    private void set(Object target, Object key, Object value) {
        if (key instanceof String k && value instanceof Tensor t) {
            found.add(new Named(k, t));
        }
    }

    private static Object reduce(Object callable, Object args) {
        if (callable instanceof Global g
                && g.module().equals("torch._utils")
                && g.name().startsWith("_rebuild_tensor")
                && args instanceof List<?> a
                && a.size() >= 3
                && a.get(0) instanceof Storage s
                && a.get(1) instanceof Long off
                && a.get(2) instanceof List<?> size) {
            List<Long> shape = new ArrayList<>();
            for (Object d : size) {
                if (!(d instanceof Long l)) {
                    return OPAQUE;
                }
                shape.add(l);
            }
            return new Tensor(s, off, shape);
        }
        if (callable instanceof Global g && g.name().equals("OrderedDict")) {
            return new LinkedHashMap<Object, Object>();
        }
        return OPAQUE;
    }

    private static Object storage(Object pid) {
        if (pid instanceof List<?> t && t.size() >= 3 && "storage".equals(t.get(0)) && t.get(2) instanceof String key) {
            DType d = t.get(1) instanceof Global g ? dtype(g.name()) : null;
            return new Storage(key, d);
        }
        return OPAQUE;
    }

    private static @Nullable DType dtype(String storageClass) {
        return switch (storageClass) {
            case "DoubleStorage" -> DType.F64;
            case "FloatStorage" -> DType.F32;
            case "HalfStorage" -> DType.F16;
            case "BFloat16Storage" -> DType.BF16;
            case "LongStorage" -> DType.I64;
            case "IntStorage" -> DType.I32;
            case "ShortStorage" -> DType.I16;
            case "CharStorage" -> DType.I8;
            case "ByteStorage" -> DType.U8;
            case "BoolStorage" -> DType.BOOL;
            case "ComplexFloatStorage" -> DType.C64;
            case "ComplexDoubleStorage" -> DType.C128;
            default -> null;
        };
    }

    private Object top() {
        return stack.get(stack.size() - 1);
    }

    private Object pop() {
        return stack.remove(stack.size() - 1);
    }

    private List<Object> popMark() {
        int i = stack.size() - 1;
        while (stack.get(i) != MARK) {
            i--;
        }
        List<Object> items = new ArrayList<>(stack.subList(i + 1, stack.size()));
        stack.subList(i, stack.size()).clear();
        return items;
    }

    private long u(int n) {
        if (n > 8 || pos + n > b.length) {
            throw new IndexOutOfBoundsException("pickle ends early");
        }
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[pos + i] & 0xFF);
        }
        pos += n;
        return v;
    }

    private long long1(long n) {
        if (n > 8) {
            pos += (int) n;
            return -1;
        }
        long v = n == 0 ? 0 : u((int) n);
        if (n > 0 && n < 8 && (v >>> (8 * n - 1) & 1) == 1) {
            v -= 1L << (8 * n); // sign-extend
        }
        return v;
    }

    private String str(long n) {
        if (n < 0 || n > b.length - pos) {
            throw new IndexOutOfBoundsException("pickle string runs past the end");
        }
        String s = new String(b, pos, (int) n, StandardCharsets.UTF_8);
        pos += (int) n;
        return s;
    }

    private String line() {
        int start = pos;
        while (pos < b.length && b[pos] != '\n') {
            pos++;
        }
        String s = new String(b, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }
}
