package io.modelfn.bench.flame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlameSvgTest {

    private static CollapsedStacks sample() {
        CollapsedStacks stacks = new CollapsedStacks();
        stacks.add(List.of("java.lang.Thread.run", "io.modelfn.api.Foo.serve", "ai.onnxruntime.OrtSession.run"), 6);
        stacks.add(List.of("java.lang.Thread.run", "io.modelfn.api.Foo.serve", "com.fasterxml.jackson.Parser.next"), 2);
        stacks.add(List.of("java.lang.Thread.run", "org.jboss.logmanager.Logger.log"), 2);
        return stacks;
    }

    @Test
    void collapsed_should_count_self_and_inclusive_samples_when_stacks_share_frames(@TempDir Path dir) throws Exception {
        CollapsedStacks stacks = sample();

        assertThat(stacks.total()).isEqualTo(10);
        assertThat(stacks.selfByFrame().get(0)).isEqualTo(Map.entry("ai.onnxruntime.OrtSession.run", 6L));
        assertThat(stacks.inclusive(f -> f.equals("io.modelfn.api.Foo.serve"))).isEqualTo(8);
        assertThat(stacks.inclusiveByFrame().get(0)).isEqualTo(Map.entry("java.lang.Thread.run", 10L));

        Path file = dir.resolve("stacks.collapsed");
        stacks.write(file);
        assertThat(Files.readAllLines(file)).containsExactly(
                "java.lang.Thread.run;io.modelfn.api.Foo.serve;ai.onnxruntime.OrtSession.run 6",
                "java.lang.Thread.run;io.modelfn.api.Foo.serve;com.fasterxml.jackson.Parser.next 2",
                "java.lang.Thread.run;org.jboss.logmanager.Logger.log 2");
    }

    @Test
    void render_should_draw_each_frame_as_wide_as_its_share_when_stacks_merge() {
        String svg = FlameSvg.render(sample(), "test <graph>");

        // One box per distinct frame path (root, serve, ORT, Jackson, logging), widths in proportion to samples.
        Matcher boxes = Pattern.compile("<title>([^<]+) \\(([0-9,]+) samples, [0-9.]+%\\)</title><rect x=\"[0-9.]+\" y=\"[0-9]+\" "
                + "width=\"([0-9.]+)\"").matcher(svg);
        double full = FlameSvg.WIDTH - 20;
        int count = 0;
        while (boxes.find()) {
            count++;
            long samples = Long.parseLong(boxes.group(2).replace(",", ""));
            assertThat(Double.parseDouble(boxes.group(3))).isCloseTo(full * samples / 10, org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(count).isEqualTo(5);
        assertThat(svg).contains("test &lt;graph&gt;").startsWith("<?xml").endsWith("</svg>\n");
        assertThat(svg).contains("fill=\"#f5a35c\"").contains("fill=\"#c59ae0\"");
    }
}
