package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.format.Id;
import io.holdfast.format.tree.Tree;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TreePrefetchTest {
    /** Trees by id, each loaded tree a new instance, with every load recorded in order and by thread. */
    private static class FakeSource implements TreePrefetch.Source {
        final Map<Id, Long> sizes = new HashMap<>();
        final List<Id> loads = Collections.synchronizedList(new ArrayList<>());
        final Map<Id, Tree> loaded = new ConcurrentHashMap<>();
        final Map<Id, String> threads = new ConcurrentHashMap<>();
        final Map<Id, IOException> failures = new HashMap<>();

        Id add(int n, long size) {
            Id id = Id.hash(new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16)});
            sizes.put(id, size);
            return id;
        }

        @Override
        public Tree load(Id id) throws IOException {
            loads.add(id);
            threads.put(id, Thread.currentThread().getName());
            IOException e = failures.get(id);
            if (e != null) {
                throw e;
            }
            Tree t = Tree.of(List.of());
            loaded.put(id, t);
            return t;
        }

        @Override
        public long size(Id id) {
            return sizes.getOrDefault(id, -1L);
        }
    }

    /** An executor that runs nothing until told to. */
    private static final class ManualExecutor implements java.util.concurrent.Executor {
        final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    @Test
    void loadsTheMostRecentlyAnnouncedFirstAndHandsOverWhatItLoaded() throws IOException {
        FakeSource src = new FakeSource();
        Id a = src.add(1, 10);
        Id b = src.add(2, 10);
        Id c = src.add(3, 10);
        ManualExecutor pool = new ManualExecutor();
        TreePrefetch p = new TreePrefetch(src, pool, 1, 100);

        p.ahead(a);
        p.ahead(b);
        p.ahead(c);
        p.ahead(b); // announced twice: loaded once
        assertThat(pool.tasks).hasSize(1); // one loader at most
        assertThat(p.held()).isEqualTo(30);
        pool.runAll();

        assertThat(src.loads).containsExactly(c, b, a);
        assertThat(p.take(c)).isSameAs(src.loaded.get(c));
        assertThat(p.take(b)).isSameAs(src.loaded.get(b));
        assertThat(p.take(a)).isSameAs(src.loaded.get(a));
        assertThat(src.loads).hasSize(3);
        assertThat(p.held()).isZero();
    }

    @Test
    void announcesNoMoreThanTheBudgetAndLoadsTheRestWhenTaken() throws IOException {
        FakeSource src = new FakeSource();
        Id a = src.add(1, 10);
        Id b = src.add(2, 10);
        Id c = src.add(3, 10);
        Id unknown = src.add(4, -1);
        ManualExecutor pool = new ManualExecutor();
        TreePrefetch p = new TreePrefetch(src, pool, 2, 25);

        p.ahead(a);
        p.ahead(b);
        p.ahead(c); // over the budget: not announced
        p.ahead(unknown); // not in the index: not announced
        assertThat(p.held()).isEqualTo(20);
        pool.runAll();
        assertThat(src.loads).containsExactly(b, a);

        p.take(c);
        p.take(unknown);
        assertThat(src.loads).containsExactly(b, a, c, unknown);
        p.take(a);
        assertThat(p.held()).isEqualTo(10);
        Id d = src.add(5, 15);
        p.ahead(d); // room again
        assertThat(p.held()).isEqualTo(25);
    }

    @Test
    void aTreeTakenBeforeAnyLoaderStartedIsLoadedByTheTakerOnce() throws IOException {
        FakeSource src = new FakeSource();
        Id a = src.add(1, 10);
        ManualExecutor pool = new ManualExecutor();
        TreePrefetch p = new TreePrefetch(src, pool, 1, 100);

        p.ahead(a);
        Tree t = p.take(a);
        assertThat(src.threads.get(a)).isEqualTo(Thread.currentThread().getName());
        pool.runAll(); // the loader finds nothing left to load
        assertThat(src.loads).containsExactly(a);
        assertThat(t).isSameAs(src.loaded.get(a));
    }

    @Test
    void aDroppedTreeReturnsItsBudgetAndIsNotLoaded() {
        FakeSource src = new FakeSource();
        Id a = src.add(1, 10);
        Id b = src.add(2, 10);
        ManualExecutor pool = new ManualExecutor();
        TreePrefetch p = new TreePrefetch(src, pool, 1, 100);

        p.ahead(a);
        p.ahead(b);
        p.drop(b);
        p.drop(b); // twice: nothing more to return
        assertThat(p.held()).isEqualTo(10);
        pool.runAll();
        assertThat(src.loads).containsExactly(a);
    }

    @Test
    void aFailedLoadIsThrownByTakeWhetherLoadedAheadOrNot() {
        FakeSource src = new FakeSource();
        Id a = src.add(1, 10);
        Id b = src.add(2, 10);
        src.failures.put(a, new IOException("tree a: damaged"));
        src.failures.put(b, new IOException("tree b: damaged"));
        ManualExecutor pool = new ManualExecutor();
        TreePrefetch p = new TreePrefetch(src, pool, 1, 100);

        p.ahead(a);
        pool.runAll();
        assertThatThrownBy(() -> p.take(a)).isInstanceOf(IOException.class).hasMessage("tree a: damaged");
        assertThatThrownBy(() -> p.take(b)).isInstanceOf(IOException.class).hasMessage("tree b: damaged");
        assertThat(p.held()).isZero();
    }

    @Test
    @org.junit.jupiter.api.Timeout(10) // a future never completed would leave take waiting for ever
    void anErrorWhileLoadingAheadReachesTheWalkInsteadOfLeavingItWaiting() {
        FakeSource src = new FakeSource() {
            @Override
            public Tree load(Id id) {
                throw new StackOverflowError("a tree nested too deep");
            }
        };
        Id a = src.add(1, 10);
        ManualExecutor pool = new ManualExecutor();
        TreePrefetch p = new TreePrefetch(src, pool, 1, 100);

        p.ahead(a);
        assertThatThrownBy(pool::runAll).isInstanceOf(StackOverflowError.class); // the loader's thread sees it too
        assertThatThrownBy(() -> p.take(a))
                .isInstanceOf(StackOverflowError.class)
                .hasMessage("a tree nested too deep");
    }

    @Test
    void closeStopsWhatHasNotStarted() {
        FakeSource src = new FakeSource();
        Id a = src.add(1, 10);
        ManualExecutor pool = new ManualExecutor();
        TreePrefetch p = new TreePrefetch(src, pool, 1, 100);

        p.ahead(a);
        p.close();
        pool.runAll();
        assertThat(src.loads).isEmpty();
        assertThat(p.held()).isZero();
    }

    /**
     * Random trees of trees, some shared by several parents, walked depth-first as the checker walks them, with two
     * real loader threads: every tree is handed over as loaded, none is loaded twice, nothing is held at the end.
     */
    @Test
    void aDepthFirstWalkWithRealThreadsGetsEveryTreeOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int seed = 0; seed < 200; seed++) {
                Random rnd = new Random(seed);
                FakeSource src = new FakeSource();
                int count = 1 + rnd.nextInt(300);
                List<Id> ids = new ArrayList<>();
                Map<Id, List<Id>> children = new HashMap<>();
                for (int i = 0; i < count; i++) {
                    Id id = src.add(i, 1 + rnd.nextInt(50));
                    ids.add(id);
                    children.put(id, new ArrayList<>());
                    if (i > 0) {
                        for (int k = 0; k < 1 + rnd.nextInt(2); k++) { // a second parent now and then
                            children.get(ids.get(rnd.nextInt(i))).add(id);
                        }
                    }
                }
                TreePrefetch p = new TreePrefetch(src, pool, 2, 1 + rnd.nextInt(400));
                java.util.Set<Id> visited = new java.util.HashSet<>();
                Deque<Id> todo = new ArrayDeque<>();
                todo.push(ids.get(0));
                AtomicInteger walked = new AtomicInteger();
                while (!todo.isEmpty()) {
                    Id id = todo.pop();
                    if (!visited.add(id)) {
                        p.drop(id);
                        continue;
                    }
                    Tree t = p.take(id);
                    assertThat(t).as("seed %d", seed).isSameAs(src.loaded.get(id));
                    walked.incrementAndGet();
                    for (Id c : children.get(id)) {
                        todo.push(c);
                        if (!visited.contains(c)) {
                            p.ahead(c);
                        }
                    }
                }
                p.close();
                assertThat(walked.get()).as("seed %d", seed).isEqualTo(count);
                assertThat(p.held()).as("seed %d", seed).isZero();
                assertThat(src.loads).as("seed %d", seed).doesNotHaveDuplicates();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
