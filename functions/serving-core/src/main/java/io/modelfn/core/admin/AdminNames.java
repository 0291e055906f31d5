package io.modelfn.core.admin;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelCardReader;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import java.util.regex.Pattern;

/** The names operators give (models, versions, endpoints, aliases), checked the same way by every use case. */
final class AdminNames {

    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private AdminNames() {
    }

    static ModelKey key(String model, String version) {
        if (model == null || !ModelCardReader.MODEL_NAME.matcher(model).matches()) {
            throw new InvalidAdminRequestException("'model' must be lower-case letters, digits and inner dashes");
        }
        if (version == null || !SemanticVersion.isValid(version)) {
            throw new InvalidAdminRequestException("'version' must be a semantic version (major.minor.patch)");
        }
        return new ModelKey(model, version);
    }

    static String endpointName(String name) {
        if (name == null || !ModelCardReader.MODEL_NAME.matcher(name).matches()) {
            throw new InvalidAdminRequestException("'endpoint' must be lower-case letters, digits and inner dashes");
        }
        return name;
    }

    static String aliasName(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new InvalidAdminRequestException("an alias is 1-32 lower-case letters, digits or dashes, starting with a letter");
        }
        return alias;
    }

    /** A name as it may appear in a message: at most 64 characters. */
    static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
