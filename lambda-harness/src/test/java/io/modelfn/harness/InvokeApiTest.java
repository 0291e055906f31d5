package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvokeApiTest {

    @ParameterizedTest
    @CsvSource({
        "modelfn-dev-predict, modelfn-dev-predict",
        "modelfn-dev-predict:live, modelfn-dev-predict",
        "arn:aws:lambda:us-east-1:000000000000:function:modelfn-dev-predict, modelfn-dev-predict",
        "arn:aws:lambda:us-east-1:000000000000:function:modelfn-dev-predict:live, modelfn-dev-predict"})
    void function_should_be_named_by_name_qualified_name_or_arn(String named, String expected) {
        assertThat(InvokeApi.functionName(named)).isEqualTo(expected);
    }
}
