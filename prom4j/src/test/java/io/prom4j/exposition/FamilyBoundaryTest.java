package io.prom4j.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.internal.FamilyBoundary;
import io.prom4j.model.MetricFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The writers tell a stream that wants it where each family's bytes end (the gzip encoder reuses
 * compressed blocks by those ends), and their bytes are the same as on any other stream.
 */
class FamilyBoundaryTest {

  /** Records the bytes between family ends. */
  private static final class Recorder extends ByteArrayOutputStream implements FamilyBoundary {
    final List<byte[]> families = new ArrayList<>();
    private int mark;

    @Override
    public void familyEnd() {
      byte[] all = toByteArray();
      families.add(Arrays.copyOfRange(all, mark, all.length));
      mark = all.length;
    }
  }

  private static final MetricFamily[] FAMILIES = {
    Families.counter("cc"), Families.gauge17(), Families.histogram(), Families.summary()
  };

  private static Recorder record(ExpositionFormat format) throws IOException {
    Recorder r = new Recorder();
    format.write(r, List.of(FAMILIES));
    return r;
  }

  @Test
  void text_endsEachFamilyAfterItsLastLine_withTheSameBytesAsAPlainStream() throws IOException {
    Recorder r = record(TextFormat.v004());

    assertThat(r.families).hasSize(FAMILIES.length);
    for (int i = 0; i < FAMILIES.length; i++) {
      assertThat(r.families.get(i)).isEqualTo(Families.bytes(TextFormat.v004(), FAMILIES[i]));
    }
    assertThat(r.toByteArray()).isEqualTo(Families.bytes(TextFormat.v004(), FAMILIES));
  }

  @Test
  void openMetrics_endsEachFamily_andWritesEofAfterTheLast() throws IOException {
    Recorder r = record(OpenMetricsFormat.standard());

    assertThat(r.families).hasSize(FAMILIES.length);
    assertThat(new String(r.families.get(0), StandardCharsets.UTF_8)).startsWith("# HELP cc");
    byte[] all = r.toByteArray();
    int ended = r.families.stream().mapToInt(f -> f.length).sum();
    assertThat(new String(all, ended, all.length - ended, StandardCharsets.UTF_8))
        .isEqualTo("# EOF\n");
    assertThat(all).isEqualTo(Families.bytes(OpenMetricsFormat.standard(), FAMILIES));
  }

  @Test
  void protobuf_endsEachFamilyAfterItsDelimitedRecord() throws IOException {
    Recorder r = record(ProtobufFormat.standard());

    assertThat(r.families).hasSize(FAMILIES.length);
    for (int i = 0; i < FAMILIES.length; i++) {
      assertThat(r.families.get(i))
          .isEqualTo(Families.bytes(ProtobufFormat.standard(), FAMILIES[i]));
    }
    assertThat(r.toByteArray()).isEqualTo(Families.bytes(ProtobufFormat.standard(), FAMILIES));
  }
}
