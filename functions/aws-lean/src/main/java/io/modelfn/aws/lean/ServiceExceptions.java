package io.modelfn.aws.lean;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Finds the SDK's exception class for a service's error code, as its own client would throw it. */
final class ServiceExceptions {

    private ServiceExceptions() {
    }

    /**
     * The builder of {@code <modelPackage>.<code>} (or {@code <code>Exception}) when that is one of the service's
     * exceptions, else {@code base}'s.
     */
    static AwsServiceException.Builder builder(String modelPackage, String code,
            Supplier<AwsServiceException.Builder> base) {
        if (code != null && code.matches("[A-Za-z][A-Za-z0-9]{0,99}")) {
            for (String name : new String[] {code, code + "Exception"}) {
                AwsServiceException.Builder found = builderOf(modelPackage + "." + name);
                if (found != null) {
                    return found;
                }
            }
        }
        return base.get();
    }

    private static AwsServiceException.Builder builderOf(String className) {
        try {
            Class<?> type = Class.forName(className, true, ServiceExceptions.class.getClassLoader());
            if (!AwsServiceException.class.isAssignableFrom(type)) {
                return null;
            }
            Method builder = type.getMethod("builder");
            if (!Modifier.isStatic(builder.getModifiers())) {
                return null;
            }
            return (AwsServiceException.Builder) builder.invoke(null);
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            return null;
        }
    }
}
