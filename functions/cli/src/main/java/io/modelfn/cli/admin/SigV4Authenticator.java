package io.modelfn.cli.admin;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs requests with AWS Signature Version 4 for API Gateway IAM authorisation (service
 * {@code execute-api}). Adds {@code Authorization}, {@code X-Amz-Date} and, for temporary
 * credentials, {@code X-Amz-Security-Token}. Credentials are resolved per request, so a refreshed
 * session is picked up.
 */
public final class SigV4Authenticator implements RequestAuthenticator {

    static final String SERVICE = "execute-api";

    /** Headers java.net.http sets itself and refuses to be given; they are signed but not copied. */
    private static final Set<String> SET_BY_HTTP_CLIENT = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String region;

    public SigV4Authenticator(AwsCredentialsProvider credentials, String region) {
        this.credentials = credentials;
        this.region = region;
    }

    @Override
    public Map<String, String> headersFor(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = signer.sign(request -> request
                .identity(resolveCredentials())
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        Map<String, String> added = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            String name = header.getKey();
            boolean alreadyThere = headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
            if (!alreadyThere && !SET_BY_HTTP_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                added.put(name, String.join(",", header.getValue()));
            }
        }
        return added;
    }

    private AwsCredentials resolveCredentials() {
        try {
            return credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new CredentialsUnavailableException("no AWS credentials for --sigv4: " + e.getMessage(), e);
        }
    }
}
