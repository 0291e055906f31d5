package io.modelfn.cli.rollouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StartRolloutCommandTest {

    private final StartRolloutCommand command = new StartRolloutCommand();

    StartRolloutCommandTest() {
        new CommandLine(command);
    }

    @Test
    void parseSteps_should_turn_percentages_into_basis_points() {
        assertThat(command.parseSteps("5,25,50,100")).containsExactly(500, 2500, 5000, 10000);
        assertThat(command.parseSteps("0.5%, 12.5%, 100%")).containsExactly(50, 1250, 10000);
    }

    @Test
    void parseSteps_should_refuse_what_is_not_a_percentage() {
        assertThatThrownBy(() -> command.parseSteps("5,abc,100")).isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> command.parseSteps("0.001,100")).isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void parseDuration_should_read_seconds_minutes_and_hours() {
        assertThat(command.parseDuration("90s", "--bake")).isEqualTo(Duration.ofSeconds(90));
        assertThat(command.parseDuration("10m", "--bake")).isEqualTo(Duration.ofMinutes(10));
        assertThat(command.parseDuration("1h", "--bake")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> command.parseDuration("ten minutes", "--bake")).isInstanceOf(CommandLine.ParameterException.class);
    }
}
