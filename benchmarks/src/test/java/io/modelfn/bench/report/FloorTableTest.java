package io.modelfn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloorTableTest {

    private static final String HEADER = "label,mode,concurrency,target_rps,requests,seconds,rps,p50_ms,p90_ms,p99_ms,max_ms,rss_mb\n";

    @Test
    void markdown_should_give_medians_and_ratios_to_the_floor_when_runs_alternate(@TempDir Path dir) throws Exception {
        // GIVEN three runs of the floor and modelfn and one of FastAPI at concurrency 16, and an open-loop row to ignore
        Path csv = dir.resolve("floor.csv");
        Files.writeString(csv, HEADER
                + "floor-iris-r1,closed,16,0,1,8.0,1000.0,1.000,0,4.000,0,\n"
                + "modelfn-iris-r1,closed,16,0,1,8.0,400.0,2.000,0,8.000,0,\n"
                + "floor-iris-r2,closed,16,0,1,8.0,3000.0,0.500,0,2.000,0,\n"
                + "modelfn-iris-r2,closed,16,0,1,8.0,600.0,3.000,0,9.000,0,\n"
                + "floor-iris-r3,closed,16,0,1,8.0,2000.0,0.800,0,3.000,0,\n"
                + "modelfn-iris-r3,closed,16,0,1,8.0,500.0,2.500,0,6.000,0,\n"
                + "modelfn-iris-r3,open,16,350,1,8.0,350.0,9.000,0,99.000,0,\n"
                + "fastapi-iris-r1,closed,16,0,1,8.0,250.0,5.000,0,12.000,0,\n");

        // WHEN the table is made
        String md = FloorTable.read(csv).markdown();

        // THEN each figure is the median of its runs, and the ratios are of those medians
        assertThat(md).contains("### iris: throughput (requests/s) and latency (ms), median of 3 runs");
        assertThat(md).contains("| concurrency | floor rps | p50 | p99 | modelfn rps | p50 | p99 | fastapi rps | p50 | p99 |"
                + " modelfn/floor rps | modelfn/floor p99 | modelfn/fastapi rps |");
        assertThat(md).contains("| 16 | 2,000 | 0.80 | 3.00 | 500 | 2.50 | 8.00 | 250 | 5.00 | 12.00 | 0.25 | 2.67 | 2.00 |");
    }
}
