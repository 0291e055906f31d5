package io.modelfn.infra.config;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for settings values that were copied from documentation and never replaced: a stage
 * deployed with them would trust an issuer nobody runs, or pull an image from an account that is not
 * ours. {@link SettingsLoader} applies it to every string of a settings file (after the operator's
 * {@code ${name}} values are filled in), so synthesis stops before a template is written.
 *
 * <p>Refused, case-insensitively: placeholder markers ({@code REPLACE_ME}, {@code CHANGE_ME},
 * {@code FILL_ME_IN}, {@code YOUR_...}, {@code TODO}, {@code FIXME}, {@code TBD}, {@code xxxx},
 * {@code <something>}); e-mail addresses and host names under the domains reserved for examples
 * ({@code example.com}, {@code example.org}, {@code example.net}, and the {@code .example} and
 * {@code .invalid} top-level domains, RFC 2606); AWS account ids that documentation uses
 * ({@code 123456789012}, {@code 012345678901}, {@code 210987654321}, and twelve equal digits such as
 * {@code 111111111111}); and the word {@code example} itself (Cognito's {@code eu-west-1_EXAMPLE},
 * AWS's {@code AKIAIOSFODNN7EXAMPLE}).
 */
public final class ExampleValues {

    private static final String NOT_ALNUM_BEFORE = "(?<![A-Za-z0-9])";
    private static final String NOT_ALNUM_AFTER = "(?![A-Za-z0-9])";

    private static final Pattern MARKER = Pattern.compile(NOT_ALNUM_BEFORE
            + "(replace[_-]?me|change[_-]?me|fill[_-]?me[_-]?in|your[_-][a-z0-9_-]+|todo|fixme|tbd|x{4,})" + NOT_ALNUM_AFTER
            + "|<[^<>]+>", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXAMPLE_HOST = Pattern.compile("(@)?" + "(?<![A-Za-z0-9.-])([a-z0-9-]+\\.)*"
            + "(example\\.(com|org|net)|[a-z0-9-]+\\.(example|invalid))" + "(?![A-Za-z0-9-])", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACCOUNT_ID = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
    private static final Set<String> DOCUMENTATION_ACCOUNTS = Set.of("123456789012", "012345678901", "210987654321");
    private static final Pattern EXAMPLE_WORD = Pattern.compile("(?<![a-z])example(?![a-z])", Pattern.CASE_INSENSITIVE);

    private ExampleValues() {
    }

    /** Why {@code value} looks like an example that was never replaced; empty when it does not. */
    public static Optional<String> why(String value) {
        Matcher marker = MARKER.matcher(value);
        if (marker.find()) {
            return Optional.of("the placeholder marker '" + marker.group() + "'");
        }
        Matcher host = EXAMPLE_HOST.matcher(value);
        if (host.find()) {
            String name = host.group().startsWith("@") ? host.group().substring(1) : host.group();
            return Optional.of(host.group(1) != null
                    ? "an e-mail address at the example domain " + name
                    : "the example domain " + name);
        }
        Matcher account = ACCOUNT_ID.matcher(value);
        while (account.find()) {
            String id = account.group();
            if (DOCUMENTATION_ACCOUNTS.contains(id) || id.chars().distinct().count() == 1) {
                return Optional.of("the example AWS account id " + id);
            }
        }
        if (EXAMPLE_WORD.matcher(value).find()) {
            return Optional.of("the word 'example'");
        }
        return Optional.empty();
    }
}
