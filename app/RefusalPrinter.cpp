#include "RefusalPrinter.h"

#include "CaptureServer.h"
#include "RefusalLog.h"

#include <QFile>

#include <cstdio>

RefusalPrinter::RefusalPrinter(CaptureServer* server, QIODevice* output)
    : QObject(server)
    , m_output(output)
    , m_second(this)
{
    if (!m_output) {
        auto* stderrFile = new QFile(this);
        // Unbuffered: each line leaves at once, whole, between the other lines written to stderr.
        stderrFile->open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
        m_output = stderrFile;
    }
    m_second.setSingleShot(true);
    m_second.setInterval(1000);
    connect(&m_second, &QTimer::timeout, this, &RefusalPrinter::endSecond);
    connect(server, &CaptureServer::requestsRefused, this, &RefusalPrinter::print);
}

RefusalPrinter::~RefusalPrinter()
{
    // What the last second held back is still worth a line when capture ends.
    if (m_untold > 0) {
        endSecond();
    }
}

void RefusalPrinter::print(const RefusalLog& latest)
{
    if (!m_second.isActive()) {
        m_second.start();
    }
    // latest.recent() may hold fewer than latest.total() (only the newest are kept): the rest are
    // counted as untold from the start.
    quint64 unseen = latest.total() - static_cast<quint64>(latest.recent().size());
    for (const Refusal& refusal : latest.recent()) {
        if (m_linesThisSecond < MaxLinesPerSecond) {
            writeLine(refusal.toLine());
            ++m_linesThisSecond;
        } else {
            ++unseen;
        }
    }
    m_untold += unseen;
}

void RefusalPrinter::endSecond()
{
    if (m_untold > 0) {
        writeLine(tr("... and %n more refused requests", nullptr, static_cast<int>(qMin<quint64>(m_untold, INT_MAX))));
        m_untold = 0;
        m_second.start(); // the summary line counts as this new second's output
    }
    m_linesThisSecond = 0;
}

void RefusalPrinter::writeLine(const QString& text)
{
    m_output->write(QStringLiteral("hookscope: %1\n").arg(text).toLocal8Bit());
}
