#include "BulkResendDialog.h"

#include "ResendJob.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

BulkResendDialog::BulkResendDialog(ResendJob* job, const QString& target, QWidget* parent)
    : QDialog(parent)
    , m_job(job)
    , m_counts(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_summary(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(QStringLiteral("BulkResendDialog"));
    setWindowTitle(tr("Resending"));
    auto* heading = new QLabel(tr("Resending %n event(s) to %1", nullptr, job->total()).arg(target), this);
    heading->setTextFormat(Qt::PlainText);
    heading->setWordWrap(true);
    m_counts->setObjectName(QStringLiteral("resendCountsLabel"));
    m_counts->setTextFormat(Qt::PlainText);
    m_bar->setObjectName(QStringLiteral("resendProgressBar"));
    m_bar->setRange(0, std::max(1, job->total()));
    m_bar->setValue(0);
    m_summary->setObjectName(QStringLiteral("resendSummaryLabel"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->hide();
    m_cancel->setObjectName(QStringLiteral("cancelResendButton"));
    m_close->setObjectName(QStringLiteral("closeResendButton"));
    m_close->hide();
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_bar);
    layout->addWidget(m_counts);
    layout->addWidget(m_summary);
    layout->addLayout(buttons);
    progress(0, job->total());

    connect(job, &ResendJob::delivered, this, &BulkResendDialog::delivered);
    connect(job, &ResendJob::progress, this, &BulkResendDialog::progress);
    connect(job, &ResendJob::finished, this, &BulkResendDialog::finished);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_cancelling = true;
        if (m_job) {
            m_job->cancel();
        }
    });
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
}

QString BulkResendDialog::summary(int delivered, int failed, int cancelled)
{
    return tr("%1 delivered, %2 failed, %3 cancelled").arg(delivered).arg(failed).arg(cancelled);
}

void BulkResendDialog::delivered(const Delivery& delivery)
{
    if (delivery.succeeded()) {
        ++m_delivered;
    } else if (delivery.status != 0 || !m_cancelling) {
        ++m_failed; // what was in flight when Cancel was clicked counts as cancelled
    }
}

void BulkResendDialog::progress(int done, int total)
{
    m_bar->setMaximum(std::max(1, total));
    m_bar->setValue(done);
    m_counts->setText(
        tr("%1 of %2 done · %3 delivered · %4 failed").arg(done).arg(total).arg(m_delivered).arg(m_failed));
}

void BulkResendDialog::finished(int delivered, int failed, int cancelled)
{
    m_finished = true;
    m_bar->setValue(m_bar->maximum());
    m_summary->setText(summary(delivered, failed, cancelled));
    m_summary->show();
    m_cancel->hide();
    m_close->show();
    m_close->setDefault(true);
    setWindowTitle(cancelled > 0 ? tr("Resend cancelled") : tr("Resend finished"));
}
