package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ChildTableTest {

  private static final String[] NAMES = {"a", "b", "c", "d"};

  /** A child whose key holds the stored values; its text is them joined by slashes. */
  private static final class Entry extends Keyed {
    final String text;

    Entry(String[] stored) {
      super(
          stored.length == 0
              ? Labels.EMPTY
              : Labels.of(Arrays.copyOf(NAMES, stored.length), stored.clone()));
      this.text = String.join("/", stored);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private static ChildTable<Entry> table(int arity) {
    return new ChildTable<>(Arrays.copyOf(NAMES, arity), null);
  }

  private final ChildTable<Entry> table = table(1);

  private static String put(ChildTable<Entry> t, String... values) {
    return t.computeIfAbsent(values, Entry::new).text;
  }

  private String put(String v) {
    return put(table, v);
  }

  private static String text(Entry e) {
    return e == null ? null : e.text;
  }

  private List<String> listed() {
    List<String> texts = new ArrayList<>();
    table.list().forEach(e -> texts.add(e.text));
    return texts;
  }

  @Test
  void get_findsWhatComputeIfAbsentPut_throughEveryArity() {
    ChildTable<Entry> none = table(0);
    ChildTable<Entry> one = table(1);
    ChildTable<Entry> two = table(2);
    ChildTable<Entry> three = table(3);
    ChildTable<Entry> four = table(4);
    put(none);
    put(one, "a");
    put(two, "a", "b");
    put(three, "a", "b", "c");
    put(four, "a", "b", "c", "d");

    assertThat(text(none.get(new String[0]))).isEmpty();
    assertThat(text(one.get("a"))).isEqualTo("a");
    assertThat(text(one.get(new String[] {"a"}))).isEqualTo("a");
    assertThat(text(two.get("a", "b"))).isEqualTo("a/b");
    assertThat(text(two.get(new String[] {"a", "b"}))).isEqualTo("a/b");
    assertThat(text(three.get("a", "b", "c"))).isEqualTo("a/b/c");
    assertThat(text(three.get(new String[] {"a", "b", "c"}))).isEqualTo("a/b/c");
    assertThat(text(four.get(new String[] {"a", "b", "c", "d"}))).isEqualTo("a/b/c/d");
    assertThat(one.get("b")).isNull();
    assertThat(two.get("b", "a")).isNull();
    assertThat(three.get("a", "b", "d")).isNull();
  }

  @Test
  void valuesOfAnotherArity_areNotFound_andCannotBeInserted() {
    ChildTable<Entry> two = table(2);
    put(two, "a", "b");

    assertThat(two.get(new String[] {"a"})).isNull();
    assertThat(two.get(new String[] {"a", "b", "c"})).isNull();
    assertThatThrownBy(() -> put(two, "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 2 label values, got 1");
  }

  @Test
  void computeIfAbsent_existing_returnsItWithoutCallingFactory() {
    Entry first = table.computeIfAbsent(new String[] {"x"}, Entry::new);
    Entry again =
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
    ChildTable<Entry> t = table(2);
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      put(t, "v" + i, Integer.toString(i % 7));
    }
    assertThat(t.size()).isEqualTo(n);
    int found = 0;
    for (int i = 0; i < n; i++) {
      if (("v" + i + "/" + (i % 7)).equals(text(t.get("v" + i, Integer.toString(i % 7))))) {
        found++;
      }
    }
    assertThat(found).isEqualTo(n);
    List<Entry> list = t.list();
    assertThat(list).hasSize(n);
    assertThat(list.get(0).text).isEqualTo("v0/0");
    assertThat(list.get(n - 1).text).isEqualTo("v" + (n - 1) + "/" + ((n - 1) % 7));
    assertThat(list.get(12_345).text).isEqualTo("v12345/" + (12_345 % 7));
  }

  @Test
  void remove_dropsOneAndKeepsOrderOfTheRest() {
    for (String v : List.of("a", "b", "c", "d")) {
      put(v);
    }
    assertThat(table.remove(new String[] {"b"})).isTrue();
    assertThat(table.remove(new String[] {"b"})).isFalse();
    assertThat(table.get("b")).isNull();
    assertThat(text(table.get("c"))).isEqualTo("c");
    assertThat(listed()).containsExactly("a", "c", "d");
    put("b");
    assertThat(listed()).containsExactly("a", "c", "d", "b");
  }

  @Test
  void remove_amongCollidingValues_keepsTheOthers() {
    // "Aa" and "BB" have the same String hash code, so they probe the same slots.
    put("Aa");
    put("BB");
    put("x");
    assertThat(table.remove(new String[] {"Aa"})).isTrue();
    assertThat(text(table.get("BB"))).isEqualTo("BB"); // found past the removed one's slot
    assertThat(table.get("Aa")).isNull();
    assertThat(table.remove(new String[] {"BB"})).isTrue();
    assertThat(text(table.get("x"))).isEqualTo("x");
    put("Aa");
    assertThat(text(table.get("Aa"))).isEqualTo("Aa");
  }

  @Test
  void collidingKeys_ofEveryArity_areEachFoundByTheirOwnValues() {
    // Same hash, different values: each lookup must step past the other's slot, in every probe.
    ChildTable<Entry> two = table(2);
    ChildTable<Entry> three = table(3);
    put(two, "Aa", "x");
    put(two, "BB", "x");
    put(three, "x", "Aa", "y");
    put(three, "x", "BB", "y");
    assertThat(text(two.get("Aa", "x"))).isEqualTo("Aa/x");
    assertThat(text(two.get("BB", "x"))).isEqualTo("BB/x");
    assertThat(text(two.get(new String[] {"BB", "x"}))).isEqualTo("BB/x");
    assertThat(text(three.get("x", "Aa", "y"))).isEqualTo("x/Aa/y");
    assertThat(text(three.get("x", "BB", "y"))).isEqualTo("x/BB/y");
    assertThat(text(three.get(new String[] {"x", "BB", "y"}))).isEqualTo("x/BB/y");
    assertThat(two.remove(new String[] {"Aa", "x"})).isTrue();
    assertThat(three.remove(new String[] {"x", "Aa", "y"})).isTrue();
    assertThat(two.get("Aa", "x")).isNull();
    assertThat(text(two.get("BB", "x"))).isEqualTo("BB/x"); // past the removed one's tombstone
    assertThat(three.get("x", "Aa", "y")).isNull();
    assertThat(text(three.get("x", "BB", "y"))).isEqualTo("x/BB/y");
  }

  @Test
  void manyInsertsAndRemoves_agreeWithASimpleModel() {
    Random random = new Random(7);
    List<String> model = new ArrayList<>();
    for (int step = 0; step < 20_000; step++) {
      String v = "k" + random.nextInt(300);
      if (random.nextBoolean()) {
        put(v);
        if (!model.contains(v)) {
          model.add(v);
        }
      } else {
        assertThat(table.remove(new String[] {v})).isEqualTo(model.remove(v));
      }
    }
    assertThat(listed()).isEqualTo(model);
    for (int i = 0; i < 300; i++) {
      String v = "k" + i;
      assertThat(text(table.get(v))).isEqualTo(model.contains(v) ? v : null);
    }
  }

  @Test
  void list_isASnapshotUnaffectedByLaterChanges() {
    put("a");
    put("b");
    List<Entry> before = table.list();
    put("c");
    table.remove(new String[] {"a"});
    assertThat(before).extracting(e -> e.text).containsExactly("a", "b");
    table.clear();
    assertThat(before).extracting(e -> e.text).containsExactly("a", "b");
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
    assertThat(text(table.get("5"))).isEqualTo("5");
    assertThat(listed()).containsExactly("5");
  }

  @Test
  void permutedTable_storesInPositionOrder_andFindsInLookupOrder() {
    ChildTable<Entry> permuted = new ChildTable<>(Arrays.copyOf(NAMES, 3), new int[] {2, 0, 1});
    Entry child = permuted.computeIfAbsent(new String[] {"a", "b", "c"}, Entry::new);
    assertThat(child.text).isEqualTo("b/c/a");
    assertThat(permuted.get("a", "b", "c")).isSameAs(child);
    assertThat(permuted.get(new String[] {"a", "b", "c"})).isSameAs(child);
    assertThat(permuted.get("b", "c", "a")).isNull();
    assertThat(permuted.remove(new String[] {"b", "c", "a"})).isFalse();
    assertThat(permuted.remove(new String[] {"a", "b", "c"})).isTrue();
    assertThat(permuted.get("a", "b", "c")).isNull();

    ChildTable<Entry> swapped = new ChildTable<>(Arrays.copyOf(NAMES, 2), new int[] {1, 0});
    Entry pair = swapped.computeIfAbsent(new String[] {"x", "y"}, Entry::new);
    assertThat(pair.text).isEqualTo("y/x");
    assertThat(swapped.get("x", "y")).isSameAs(pair);
    assertThat(swapped.get(new String[] {"x", "y"})).isSameAs(pair);
    assertThat(swapped.get("y", "x")).isNull();
  }
}
