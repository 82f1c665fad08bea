package dev.flasksession.json;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles printed with the shortest digits that round-trip, in the notations of Python's {@code repr} and of
 * msgspec's JSON encoder, which agree on the digits but not on when and how to use an exponent.
 */
public final class FloatFormat {
    private FloatFormat() {
    }

    /**
     * Python's {@code float.__repr__}: fixed notation when the decimal exponent is between -4 and 16, else
     * {@code 1e-05} or {@code 1.5e+16}; {@code NaN}, {@code Infinity} and {@code -Infinity} as Python's json writes them.
     *
     * @param d the value
     * @return its Python text
     */
    public static String python(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return format(d, -4, true);
    }

    /**
     * msgspec's JSON float: fixed notation when the decimal exponent is between -5 and 16, else {@code 1e-6} or
     * {@code 1.5e16}; non-finite values are {@code null}.
     *
     * @param d the value
     * @return its msgspec JSON text
     */
    public static String msgspec(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        return format(d, -5, false);
    }

    /**
     * @param d            a finite value
     * @param lowestFixed  the largest {@code decpt} (value = 0.DIGITS × 10^decpt) that already takes an exponent
     * @param pythonExponent whether the exponent has a sign and at least two digits ({@code e+16}, {@code e-05})
     */
    private static String format(double d, int lowestFixed, boolean pythonExponent) {
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0.0" : "0.0";
        }
        // Java 17's Double.toString is not always the shortest; Schubfach (as in Java 19+) is.
        BigDecimal shortest = new BigDecimal(DoubleToDecimal.toString(d)).stripTrailingZeros();
        if (shortest.precision() == 2) {
            shortest = oneDigitIfUnique(d, shortest);
        }
        String digits = shortest.unscaledValue().abs().toString();
        int n = digits.length();
        int decpt = n - shortest.scale();
        StringBuilder out = new StringBuilder(n + 8);
        if (d < 0) {
            out.append('-');
        }
        if (decpt <= lowestFixed || decpt > 16) {
            out.append(digits.charAt(0));
            if (n > 1) {
                out.append('.').append(digits, 1, n);
            }
            int exp = decpt - 1;
            out.append('e');
            if (pythonExponent) {
                out.append(exp < 0 ? '-' : '+');
                if (Math.abs(exp) < 10) {
                    out.append('0');
                }
                out.append(Math.abs(exp));
            } else {
                out.append(exp);
            }
        } else if (decpt <= 0) {
            out.append("0.").append("0".repeat(-decpt)).append(digits);
        } else if (decpt >= n) {
            out.append(digits).append("0".repeat(decpt - n)).append(".0");
        } else {
            out.append(digits, 0, decpt).append('.').append(digits, decpt, n);
        }
        return out.toString();
    }

    /**
     * Java prints at least two significant digits, Python as few as round-trip: where one digit already identifies
     * the double (as for {@code 5e-324}), Python prints that one, the nearer of the two candidates.
     */
    private static BigDecimal oneDigitIfUnique(double d, BigDecimal twoDigits) {
        BigDecimal exactValue = new BigDecimal(d);
        BigDecimal best = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal candidate = twoDigits.round(new MathContext(1, mode));
            if (candidate.doubleValue() == d && (best == null
                    || candidate.subtract(exactValue).abs().compareTo(best.subtract(exactValue).abs()) < 0)) {
                best = candidate;
            }
        }
        return best == null ? twoDigits : best.stripTrailingZeros();
    }
}
