#pragma once

#include <QDialog>
#include <QStringList>

class HistoryWorker;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

/// Importing NDJSON or HAR files into the history (HistoryImporter) on a worker thread with its own
/// connection, and the report: each file's format and count, and every line or entry refused with
/// its number and reason, as `hookscope import` prints them. Every file is opened and recognised
/// first; when one can't be, nothing is imported.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    /// At most this many refusals are listed (all are counted).
    static constexpr int MaxListed = 1000;

    ImportDialog(const QString& dbPath, QWidget* parent = nullptr);
    ~ImportDialog() override;

    /// Starts importing @p files (the dialog shows the report as it goes).
    void start(const QStringList& files);
    bool isRunning() const { return m_running; }
    QString report() const;

    /// What one run found; filled on the worker.
    struct Report
    {
        QStringList lines;
        qint64 imported = 0;
        qint64 refused = 0;
        bool failed = false; ///< a file or the history failed
    };

signals:
    /// The import is over; @p imported events were added to the history.
    void importFinished(qint64 imported);

protected:
    void reject() override;

private:
    void done(const Report& report);

    QString m_dbPath;
    HistoryWorker* m_worker;
    bool m_running = false;
    QLabel* m_summary;
    QProgressBar* m_progress;
    QPlainTextEdit* m_report;
    QPushButton* m_close;
};
