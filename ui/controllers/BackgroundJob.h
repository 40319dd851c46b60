#pragma once

#include <QFutureWatcher>
#include <QProgressDialog>
#include <QPromise>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>

namespace portolan {

// Runs `work` on a worker thread behind a window-modal progress dialog, so a long open or
// import never freezes the window. The dialog appears only if the work takes longer than
// 400 ms. `work` gets a progress callback (0-1000) that returns false once the user pressed
// Cancel; it should then stop soon. `done` runs on the GUI thread with the result, unless the
// job was canceled; `canceled` runs instead then.
//
// Returns the watcher (owned by `parent`, deleted when the job ends) so the owner can cancel
// and wait for the job when it is destroyed first.
template <typename Result>
QFutureWatcherBase *
runInBackground(QWidget *parent, const QString &label,
                std::function<Result(const std::function<bool(int permille)> &progress)> work,
                std::function<void(Result)> done, std::function<void()> canceled = {})
{
    auto *watcher = new QFutureWatcher<Result>(parent);
    auto *dialog = new QProgressDialog(label, QProgressDialog::tr("Cancel"), 0, 1000, parent);
    dialog->setObjectName(QStringLiteral("backgroundProgress"));
    dialog->setWindowTitle(label);
    // Wide enough for its title: at the label's own width the window manager cut "Opening
    // r.yaml…" down to "Openi… yaml…".
    dialog->setMinimumWidth(dialog->fontMetrics().horizontalAdvance(label) + 200);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(400);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    dialog->setValue(0);
    QObject::connect(watcher, &QFutureWatcherBase::progressValueChanged, dialog,
                     &QProgressDialog::setValue);
    QObject::connect(dialog, &QProgressDialog::canceled, watcher, &QFutureWatcherBase::cancel);
    QObject::connect(watcher, &QFutureWatcherBase::finished, parent,
                     [watcher, dialog, done = std::move(done), canceled = std::move(canceled)] {
                         dialog->hide();
                         dialog->deleteLater();
                         watcher->deleteLater();
                         if (watcher->isCanceled()) {
                             if (canceled)
                                 canceled();
                             return;
                         }
                         done(watcher->future().takeResult());
                     });
    watcher->setFuture(QtConcurrent::run([work = std::move(work)](QPromise<Result> &promise) {
        promise.setProgressRange(0, 1000);
        Result result = work([&promise](int permille) {
            promise.setProgressValue(permille);
            return !promise.isCanceled();
        });
        promise.addResult(std::move(result));
    }));
    return watcher;
}

} // namespace portolan
