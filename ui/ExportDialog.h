#pragma once

#include "EventFilter.h"
#include "ExportJob.h"
#include "Prompts.h"

#include <QDialog>

#include <atomic>
#include <functional>
#include <memory>

class HistoryWorker;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

/**
 * Export from the window: a format (NDJSON, JSON, CSV, HAR, test fixtures into a folder), a scope
 * (the selection, or everything the filter shows) and where to. The export streams on a worker
 * thread with its own connection (ExportJob), with a progress bar and Cancel; a cancelled export
 * leaves no file.
 */
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    ExportDialog(const QString& dbPath, const EventFilter& filter, const QList<qint64>& selection,
        const Prompts& prompts, QWidget* parent = nullptr);
    ~ExportDialog() override;

    void setFormat(ExportWriter::Format format);
    void setPath(const QString& path);
    void setSelectionScope(bool selection);
    /// Export: checks the path (asks before replacing), then starts on the worker; false when not started.
    bool startExport();
    bool isRunning() const { return m_running; }
    /// Tests: runs on the worker after each event is written (to cancel at a known point).
    void setEventHook(std::function<void(qint64 written)> hook) { m_eventHook = std::move(hook); }

signals:
    void exportFinished(const ExportJob::Result& result);

protected:
    void reject() override;

private:
    ExportWriter::Format format() const;
    void formatChanged();
    void browse();
    void cancel();
    void showProgress(qint64 written, qint64 total);
    void done(const ExportJob::Result& result);

    QString m_dbPath;
    EventFilter m_filter;
    QList<qint64> m_selection;
    Prompts m_prompts;
    HistoryWorker* m_worker;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::function<void(qint64)> m_eventHook;
    bool m_running = false;
    QComboBox* m_format;
    QRadioButton* m_selectionScope;
    QRadioButton* m_shownScope;
    QLineEdit* m_path;
    QPushButton* m_browse;
    QProgressBar* m_progress;
    QLabel* m_status;
    QPushButton* m_export;
    QPushButton* m_cancelButton;
};
