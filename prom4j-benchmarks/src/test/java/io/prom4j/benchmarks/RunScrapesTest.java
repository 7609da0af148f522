package io.prom4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunScrapesTest {

  @Test
  void parseWrk_errorLines_countsNon2xxAndEverySocketError() {
    String out =
        """
        Running 3s test @ http://127.0.0.1:41234/metrics
          1 threads and 4 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency    93.80ms   45.40ms 192.95ms   65.38%
            Req/Sec    60.09     12.45    80.00     73.33%
          Latency Distribution
             50%   83.78ms
             75%  120.62ms
             90%  150.67ms
             99%  192.95ms
          183 requests in 3.01s, 140.76MB read
          Socket errors: connect 1, read 102, write 3, timeout 4
          Non-2xx or 3xx responses: 7
        Requests/sec:     59.54
        Transfer/sec:     46.77MB
        """;

    double[] m = RunScrapes.parseWrk(out);

    assertThat(m[0]).isEqualTo(59.54);
    assertThat(m[1]).isEqualTo(83.78);
    assertThat(m[2]).isEqualTo(192.95);
    assertThat(m[3]).isEqualTo(140.76 * 1024 * 1024 / 183);
    assertThat(m[4]).isEqualTo(183);
    assertThat(m[5]).isEqualTo(7);
    assertThat(m[6]).isEqualTo(1 + 102 + 3 + 4);
  }

  @Test
  void parseWrk_noErrorLines_countsZeroErrors() {
    String out =
        """
          Latency Distribution
             50%  950.00us
             75%    1.14ms
             90%    1.62ms
             99%    1.20s
          770 requests in 1.01s, 391.02KB read
        Requests/sec:    758.70
        """;

    double[] m = RunScrapes.parseWrk(out);

    assertThat(m[1]).isEqualTo(0.95);
    assertThat(m[2]).isEqualTo(1200);
    assertThat(m[5]).isZero();
    assertThat(m[6]).isZero();
  }
}
