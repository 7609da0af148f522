package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ChildTableTest {

  private final ChildTable<String> table = new ChildTable<>();

  private String put(String... values) {
    return table.computeIfAbsent(values, v -> String.join("/", v));
  }

  @Test
  void get_findsWhatComputeIfAbsentPut_throughEveryArity() {
    put("a");
    put("a", "b");
    put("a", "b", "c");
    put("a", "b", "c", "d");
    put();
    assertThat(table.get("a")).isEqualTo("a");
    assertThat(table.get(new String[] {"a"})).isEqualTo("a");
    assertThat(table.get("a", "b")).isEqualTo("a/b");
    assertThat(table.get(new String[] {"a", "b"})).isEqualTo("a/b");
    assertThat(table.get("a", "b", "c")).isEqualTo("a/b/c");
    assertThat(table.get(new String[] {"a", "b", "c"})).isEqualTo("a/b/c");
    assertThat(table.get(new String[] {"a", "b", "c", "d"})).isEqualTo("a/b/c/d");
    assertThat(table.get(new String[0])).isEmpty();
    assertThat(table.get("b")).isNull();
    assertThat(table.get("b", "a")).isNull();
    assertThat(table.get("a", "b", "d")).isNull();
  }

  @Test
  void computeIfAbsent_existing_returnsItWithoutCallingFactory() {
    String first = put("x");
    String again =
        table.computeIfAbsent(
            new String[] {"x"},
            v -> {
              throw new AssertionError("factory called for an existing child");
            });
    assertThat(again).isSameAs(first);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void hundredThousandChildren_areAllFoundAndListedInInsertionOrder() {
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      put("v" + i, Integer.toString(i % 7));
    }
    assertThat(table.size()).isEqualTo(n);
    int found = 0;
    for (int i = 0; i < n; i++) {
      if (("v" + i + "/" + (i % 7)).equals(table.get("v" + i, Integer.toString(i % 7)))) {
        found++;
      }
    }
    assertThat(found).isEqualTo(n);
    List<String> list = table.list();
    assertThat(list).hasSize(n);
    assertThat(list.get(0)).isEqualTo("v0/0");
    assertThat(list.get(n - 1)).isEqualTo("v" + (n - 1) + "/" + ((n - 1) % 7));
    assertThat(list.get(12_345)).isEqualTo("v12345/" + (12_345 % 7));
  }

  @Test
  void remove_dropsOneAndKeepsOrderOfTheRest() {
    for (String v : List.of("a", "b", "c", "d")) {
      put(v);
    }
    assertThat(table.remove(new String[] {"b"})).isTrue();
    assertThat(table.remove(new String[] {"b"})).isFalse();
    assertThat(table.get("b")).isNull();
    assertThat(table.get("c")).isEqualTo("c");
    assertThat(table.list()).containsExactly("a", "c", "d");
    put("b");
    assertThat(table.list()).containsExactly("a", "c", "d", "b");
  }

  @Test
  void remove_inCollidingChains_keepsOtherEntries() {
    // "Aa" and "BB" have the same String hash code.
    put("Aa");
    put("BB");
    put("x");
    assertThat(table.remove(new String[] {"BB"})).isTrue();
    assertThat(table.get("Aa")).isEqualTo("Aa");
    assertThat(table.get("BB")).isNull();
    assertThat(table.remove(new String[] {"Aa"})).isTrue();
    assertThat(table.get("x")).isEqualTo("x");
  }

  @Test
  void list_isASnapshotUnaffectedByLaterChanges() {
    put("a");
    put("b");
    List<String> before = table.list();
    put("c");
    table.remove(new String[] {"a"});
    assertThat(before).containsExactly("a", "b");
    table.clear();
    assertThat(before).containsExactly("a", "b");
    assertThat(table.list()).isEmpty();
  }

  @Test
  void clear_removesEverything_andTableIsUsableAfterwards() {
    for (int i = 0; i < 100; i++) {
      put(Integer.toString(i));
    }
    table.clear();
    assertThat(table.size()).isZero();
    assertThat(table.get("5")).isNull();
    put("5");
    assertThat(table.get("5")).isEqualTo("5");
    assertThat(table.list()).containsExactly("5");
  }

  @Test
  void permutedTable_storesInPositionOrder_andFindsInLookupOrder() {
    ChildTable<String> permuted = new ChildTable<>(new int[] {2, 0, 1});
    String child = permuted.computeIfAbsent(new String[] {"a", "b", "c"}, v -> String.join("/", v));
    assertThat(child).isEqualTo("b/c/a");
    assertThat(permuted.get("a", "b", "c")).isSameAs(child);
    assertThat(permuted.get(new String[] {"a", "b", "c"})).isSameAs(child);
    assertThat(permuted.get("b", "c", "a")).isNull();
    assertThat(permuted.remove(new String[] {"b", "c", "a"})).isFalse();
    assertThat(permuted.remove(new String[] {"a", "b", "c"})).isTrue();
    assertThat(permuted.get("a", "b", "c")).isNull();

    ChildTable<String> swapped = new ChildTable<>(new int[] {1, 0});
    String pair = swapped.computeIfAbsent(new String[] {"x", "y"}, v -> String.join("/", v));
    assertThat(pair).isEqualTo("y/x");
    assertThat(swapped.get("x", "y")).isSameAs(pair);
    assertThat(swapped.get("y", "x")).isNull();
  }
}
