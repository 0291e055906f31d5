package io.modelfn.localcloudwatch.alarms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of CloudWatch metric math our alarms use, on time series aligned by period: numbers, the ids
 * of other queries, {@code + - * /}, comparisons ({@code > >= < <= == !=}, 1 or 0), {@code IF(c, a, b)}
 * and {@code IF(c, a)}, {@code FILL(series, value)}, and parentheses. As in CloudWatch, an operation on
 * two series has a value only at the timestamps where both have one; {@code FILL} gives a value at every
 * timestamp of the range; a non-finite result (a division by zero) is no datapoint. Anything else (other
 * functions, Metrics Insights {@code SELECT} queries) is refused with {@link IllegalArgumentException}.
 */
public final class MetricMath {

    /** A time series: period start (epoch ms) to value. */
    public static final class Series {
        private final TreeMap<Long, Double> points = new TreeMap<>();

        public Double at(long timestamp) {
            return points.get(timestamp);
        }

        public void put(long timestamp, double value) {
            if (Double.isFinite(value)) {
                points.put(timestamp, value);
            }
        }

        public Map<Long, Double> points() {
            return java.util.Collections.unmodifiableMap(points);
        }
    }

    private final String text;
    private final Map<String, Series> inputs;
    private final List<Long> timestamps;
    private int pos;

    private MetricMath(String text, Map<String, Series> inputs, List<Long> timestamps) {
        this.text = text;
        this.inputs = inputs;
        this.timestamps = timestamps;
    }

    /** Evaluates {@code expression} over {@code timestamps} (the evaluation range), ids resolved in {@code inputs}. */
    public static Series evaluate(String expression, Map<String, Series> inputs, List<Long> timestamps) {
        if (expression.strip().toUpperCase(Locale.ROOT).startsWith("SELECT")) {
            throw new IllegalArgumentException("Metrics Insights queries are not evaluated by the stand-in: " + expression);
        }
        MetricMath parser = new MetricMath(expression, inputs, timestamps);
        Series result = parser.comparison();
        parser.skipSpaces();
        if (parser.pos != expression.length()) {
            throw parser.error("unexpected '" + expression.substring(parser.pos) + "'");
        }
        return result;
    }

    private Series comparison() {
        Series left = additive();
        skipSpaces();
        for (String op : List.of(">=", "<=", "==", "!=", ">", "<")) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                Series right = additive();
                return combine(left, right, (a, b) -> switch (op) {
                    case ">=" -> a >= b ? 1 : 0;
                    case "<=" -> a <= b ? 1 : 0;
                    case "==" -> a == b ? 1 : 0;
                    case "!=" -> a != b ? 1 : 0;
                    case ">" -> a > b ? 1 : 0;
                    default -> a < b ? 1 : 0;
                });
            }
        }
        return left;
    }

    private Series additive() {
        Series left = term();
        while (true) {
            skipSpaces();
            if (peek('+')) {
                pos++;
                left = combine(left, term(), Double::sum);
            } else if (peek('-')) {
                pos++;
                left = combine(left, term(), (a, b) -> a - b);
            } else {
                return left;
            }
        }
    }

    private Series term() {
        Series left = unary();
        while (true) {
            skipSpaces();
            if (peek('*')) {
                pos++;
                left = combine(left, unary(), (a, b) -> a * b);
            } else if (peek('/')) {
                pos++;
                left = combine(left, unary(), (a, b) -> a / b);
            } else {
                return left;
            }
        }
    }

    private Series unary() {
        skipSpaces();
        if (peek('-')) {
            pos++;
            return combine(constant(-1), unary(), (a, b) -> a * b);
        }
        return primary();
    }

    private Series primary() {
        skipSpaces();
        if (peek('(')) {
            pos++;
            Series inner = comparison();
            expect(')');
            return inner;
        }
        if (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                    || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                pos++;
            }
            return constant(Double.parseDouble(text.substring(start, pos)));
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a number, an id or a function");
        }
        String name = text.substring(start, pos);
        skipSpaces();
        if (peek('(')) {
            pos++;
            return function(name.toUpperCase(Locale.ROOT));
        }
        Series input = inputs.get(name);
        if (input == null) {
            throw error("unknown id '" + name + "'");
        }
        return input;
    }

    private Series function(String name) {
        List<Series> args = new ArrayList<>();
        skipSpaces();
        if (!peek(')')) {
            args.add(comparison());
            skipSpaces();
            while (peek(',')) {
                pos++;
                args.add(comparison());
                skipSpaces();
            }
        }
        expect(')');
        return switch (name) {
            case "IF" -> {
                if (args.size() != 2 && args.size() != 3) {
                    throw error("IF takes 2 or 3 arguments");
                }
                Series result = new Series();
                for (long t : timestamps) {
                    Double condition = args.get(0).at(t);
                    if (condition == null) {
                        continue;
                    }
                    Double chosen = condition != 0 ? args.get(1).at(t) : args.size() == 3 ? args.get(2).at(t) : null;
                    if (chosen != null) {
                        result.put(t, chosen);
                    }
                }
                yield result;
            }
            case "FILL" -> {
                if (args.size() != 2) {
                    throw error("FILL takes a series and a number (REPEAT and LINEAR are not supported)");
                }
                Series result = new Series();
                for (long t : timestamps) {
                    Double value = args.get(0).at(t);
                    Double fill = args.get(1).at(t);
                    if (value != null) {
                        result.put(t, value);
                    } else if (fill != null) {
                        result.put(t, fill);
                    }
                }
                yield result;
            }
            default -> throw error("function " + name + " is not supported by the stand-in");
        };
    }

    private Series constant(double value) {
        Series series = new Series();
        timestamps.forEach(t -> series.put(t, value));
        return series;
    }

    private Series combine(Series left, Series right, java.util.function.DoubleBinaryOperator op) {
        Series result = new Series();
        for (long t : timestamps) {
            Double a = left.at(t);
            Double b = right.at(t);
            if (a != null && b != null) {
                result.put(t, op.applyAsDouble(a, b));
            }
        }
        return result;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        skipSpaces();
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("metric math '" + text + "' at " + pos + ": " + what);
    }
}
