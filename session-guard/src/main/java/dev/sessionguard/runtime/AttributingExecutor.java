package dev.sessionguard.runtime;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An executor whose tasks run as the test that submitted them: a pool thread is shared by every test, so the scope it
 * inherited from the test that happened to create it says nothing of whose work a task is.
 */
final class AttributingExecutor extends AbstractExecutorService {
    private final ExecutorService delegate;

    AttributingExecutor(ExecutorService delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        Scope submitter = Ledger.INSTANCE.currentScope();
        delegate.execute(() -> Ledger.INSTANCE.runAs(submitter, task));
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }
}
