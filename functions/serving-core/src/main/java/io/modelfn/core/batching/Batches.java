package io.modelfn.core.batching;

import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.tensor.Tensor;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Joining tensors along the first axis and splitting them back: the arithmetic of a batch. */
final class Batches {

    private Batches() {
    }

    /** Whether every input and output of the signature has a dynamic first (batch) axis. */
    static boolean batchable(Signature signature) {
        return !signature.inputs().isEmpty() && !signature.outputs().isEmpty()
                && signature.inputs().stream().allMatch(Batches::dynamicFirstAxis)
                && signature.outputs().stream().allMatch(Batches::dynamicFirstAxis);
    }

    private static boolean dynamicFirstAxis(TensorSpec spec) {
        return spec.rank() >= 1 && spec.dimension(0) < 0;
    }

    /** The rows (first dimension) of a request: the same for every input, or -1 when they differ. */
    static long rows(Map<String, Tensor> inputs) {
        long rows = -1;
        for (Tensor t : inputs.values()) {
            if (t.rank() == 0) {
                return -1;
            }
            if (rows >= 0 && t.dimension(0) != rows) {
                return -1;
            }
            rows = t.dimension(0);
        }
        return rows;
    }

    /** Whether two requests can share a batch: same input names, datatypes, and shapes past the first axis. */
    static boolean compatible(Map<String, Tensor> a, Map<String, Tensor> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Tensor> e : a.entrySet()) {
            Tensor x = e.getValue();
            Tensor y = b.get(e.getKey());
            if (x.dataType() != y.dataType() || x.rank() != y.rank()) {
                return false;
            }
            long[] xs = x.shape();
            long[] ys = y.shape();
            if (!Arrays.equals(xs, 1, xs.length, ys, 1, ys.length)) {
                return false;
            }
        }
        return true;
    }

    /** The requests' inputs joined along the first axis, in request order. */
    static Map<String, Tensor> join(List<Map<String, Tensor>> requests) {
        Map<String, Tensor> joined = new LinkedHashMap<>();
        for (String name : requests.get(0).keySet()) {
            Tensor first = requests.get(0).get(name);
            long rows = 0;
            int elements = 0;
            for (Map<String, Tensor> r : requests) {
                rows += r.get(name).dimension(0);
                elements += r.get(name).size();
            }
            Object data = Array.newInstance(Tensor.arrayClass(first.dataType()).getComponentType(), elements);
            int at = 0;
            for (Map<String, Tensor> r : requests) {
                Tensor t = r.get(name);
                System.arraycopy(t.data(), 0, data, at, t.size());
                at += t.size();
            }
            long[] shape = first.shape();
            shape[0] = rows;
            joined.put(name, Tensor.of(name, first.dataType(), shape, data));
        }
        return joined;
    }

    /**
     * The batch's outputs split back into one answer per request, by the requests' row counts.
     *
     * @return null when an output does not have one row per input row (it cannot be split)
     */
    static List<Map<String, Tensor>> split(Map<String, Tensor> outputs, long[] rowsPerRequest) {
        long total = Arrays.stream(rowsPerRequest).sum();
        for (Tensor t : outputs.values()) {
            if (t.rank() == 0 || t.dimension(0) != total) {
                return null;
            }
        }
        List<Map<String, Tensor>> answers = new java.util.ArrayList<>(rowsPerRequest.length);
        long firstRow = 0;
        for (long rows : rowsPerRequest) {
            Map<String, Tensor> answer = new LinkedHashMap<>();
            for (Tensor t : outputs.values()) {
                int perRow = total == 0 ? 0 : Math.toIntExact(t.size() / total);
                Object data = Array.newInstance(Tensor.arrayClass(t.dataType()).getComponentType(),
                        Math.toIntExact(rows * perRow));
                System.arraycopy(t.data(), Math.toIntExact(firstRow * perRow), data, 0, Math.toIntExact(rows * perRow));
                long[] shape = t.shape();
                shape[0] = rows;
                answer.put(t.name(), Tensor.of(t.name(), t.dataType(), shape, data));
            }
            answers.add(answer);
            firstRow += rows;
        }
        return answers;
    }

    /** The outputs a request asked for, in its order; all of them when it named none. */
    static Map<String, Tensor> select(Map<String, Tensor> answer, java.util.Collection<String> wanted) {
        if (wanted.isEmpty()) {
            return answer;
        }
        Map<String, Tensor> selected = new LinkedHashMap<>();
        for (String name : wanted) {
            Tensor t = answer.get(name);
            if (t != null) {
                selected.put(name, t);
            }
        }
        return selected;
    }
}
