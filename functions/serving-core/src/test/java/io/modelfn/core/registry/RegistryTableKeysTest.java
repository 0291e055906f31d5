package io.modelfn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The table's key names are a deployed contract: renaming one would orphan every item of a live table. */
class RegistryTableKeysTest {

    @Test
    void keyNames_should_stayThoseOfTheDeployedTable_when_read() {
        // GIVEN the names the adapter writes with and the CDK app creates the table with
        // WHEN read THEN they are the table's names of record
        assertThat(RegistryTableKeys.PK).isEqualTo("PK");
        assertThat(RegistryTableKeys.SK).isEqualTo("SK");
        assertThat(RegistryTableKeys.KIND).isEqualTo("kind");
        assertThat(RegistryTableKeys.KIND_INDEX).isEqualTo("kind-index");
        assertThat(RegistryTableKeys.TTL).isEqualTo("ttl");
    }
}
