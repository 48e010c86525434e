#pragma once

#include <QDialog>
#include <QPointer>

struct Delivery;
class QLabel;
class QProgressBar;
class QPushButton;
class ResendJob;

/// The progress of a resend of several events: a bar, what came back so far, Cancel; at the end a
/// summary (N delivered, M failed, K cancelled). Not modal: the window stays usable meanwhile.
class BulkResendDialog : public QDialog
{
    Q_OBJECT

public:
    BulkResendDialog(ResendJob* job, const QString& target, QWidget* parent = nullptr);

    bool isFinished() const { return m_finished; }
    /// "3 delivered, 1 failed, 0 cancelled".
    static QString summary(int delivered, int failed, int cancelled);

private:
    void delivered(const Delivery& delivery);
    void progress(int done, int total);
    void finished(int delivered, int failed, int cancelled);

    QPointer<ResendJob> m_job;
    QLabel* m_counts;
    QProgressBar* m_bar;
    QLabel* m_summary;
    QPushButton* m_cancel;
    QPushButton* m_close;
    int m_delivered = 0;
    int m_failed = 0;
    bool m_finished = false;
    bool m_cancelling = false;
};
