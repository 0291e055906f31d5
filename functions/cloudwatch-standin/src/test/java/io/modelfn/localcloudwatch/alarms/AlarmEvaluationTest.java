package io.modelfn.localcloudwatch.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two tables of "How alarm state is evaluated when data is missing" in CloudWatch's user guide
 * ("Using Amazon CloudWatch alarms", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html,
 * section "Configuring how CloudWatch alarms treat missing data"), row by row: the 5 datapoints of the
 * evaluation range (0 within the threshold, X breaching, - missing) and the state for each missing-data
 * setting. "Retain current state" is checked from both OK and ALARM.
 */
class AlarmEvaluationTest {

    private static final double THRESHOLD = 3;

    @ParameterizedTest(name = "3 of 3, {0}: missing {1}, ignore {2}, breaching {3}, notBreaching {4}")
    @CsvSource({
        "0 - X - X, OK,                OK,     OK,    OK",
        "0 - - - -, OK,                OK,     OK,    OK",
        "- - - - -, INSUFFICIENT_DATA, RETAIN, ALARM, OK",
        "0 X X - X, ALARM,             ALARM,  ALARM, ALARM",
        "- - - - X, INSUFFICIENT_DATA, RETAIN, ALARM, OK",
        "X - - - -, ALARM,             RETAIN, ALARM, OK",
    })
    void evaluate_should_match_the_first_table_when_3_of_3(String points, String missing, String ignore,
            String breaching, String notBreaching) {
        check(points, 3, 3, missing, ignore, breaching, notBreaching);
    }

    @ParameterizedTest(name = "2 of 3, {0}: missing {1}, ignore {2}, breaching {3}, notBreaching {4}")
    @CsvSource({
        "0 - X - X, ALARM,             ALARM,  ALARM, ALARM",
        "0 0 X 0 X, ALARM,             ALARM,  ALARM, ALARM",
        "0 - X - -, OK,                OK,     ALARM, OK",
        "- - - - 0, OK,                OK,     ALARM, OK",
        "- - - - X, INSUFFICIENT_DATA, RETAIN, ALARM, OK",
    })
    void evaluate_should_match_the_second_table_when_2_of_3(String points, String missing, String ignore,
            String breaching, String notBreaching) {
        check(points, 3, 2, missing, ignore, breaching, notBreaching);
    }

    private static void check(String points, int n, int m, String missing, String ignore, String breaching,
            String notBreaching) {
        // GIVEN the evaluation range of the row
        List<Double> range = range(points);
        // WHEN it is evaluated with each setting THEN the state is the table's
        for (AlarmState current : List.of(AlarmState.OK, AlarmState.ALARM)) {
            assertThat(state(range, n, m, MissingData.missing, current)).as("missing").isEqualTo(expected(missing, current));
            assertThat(state(range, n, m, MissingData.ignore, current)).as("ignore").isEqualTo(expected(ignore, current));
            assertThat(state(range, n, m, MissingData.breaching, current)).as("breaching").isEqualTo(expected(breaching, current));
            assertThat(state(range, n, m, MissingData.notBreaching, current)).as("notBreaching")
                    .isEqualTo(expected(notBreaching, current));
        }
    }

    private static AlarmState state(List<Double> range, int n, int m, MissingData missingData, AlarmState current) {
        return AlarmEvaluation.evaluate(range, Comparison.GreaterThanThreshold, THRESHOLD, n, m, missingData, current).state();
    }

    private static AlarmState expected(String cell, AlarmState current) {
        return cell.equals("RETAIN") ? current : AlarmState.valueOf(cell);
    }

    private static List<Double> range(String points) {
        List<Double> range = new ArrayList<>();
        for (String p : points.trim().split(" ")) {
            range.add(switch (p) {
                case "0" -> 1.0;
                case "X" -> 5.0;
                default -> null;
            });
        }
        return range;
    }
}
