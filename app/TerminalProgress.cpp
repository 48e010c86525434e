#include "TerminalProgress.h"

#include <QCoreApplication>
#include <QLocale>

#include <unistd.h>

namespace {

constexpr qint64 RedrawMs = 200;

} // namespace

TerminalProgress::TerminalProgress(std::FILE* stream, bool wanted)
    : m_stream(stream)
    , m_shown(wanted && ::isatty(::fileno(stream)) == 1)
{
}

TerminalProgress::~TerminalProgress()
{
    finish();
}

QString TerminalProgress::text(qint64 done, qint64 total)
{
    QLocale locale = QLocale::system();
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return QCoreApplication::translate("TerminalProgress", "exported %1 of %2")
        .arg(locale.toString(done), locale.toString(total));
}

void TerminalProgress::update(qint64 done)
{
    m_total = qMax(m_total, done); // events that arrived after the count
    if (!m_shown || (m_drawn && done < m_total && m_sinceDrawn.elapsed() < RedrawMs)) {
        return;
    }
    // \r and "erase to the end of the line" (ECMA-48 EL): the line is redrawn in place.
    std::fprintf(m_stream, "\rhookscope: %s\033[K", text(done, m_total).toLocal8Bit().constData());
    std::fflush(m_stream);
    m_drawn = true;
    m_sinceDrawn.start();
}

void TerminalProgress::finish()
{
    if (m_drawn) {
        std::fputs("\r\033[K", m_stream);
        std::fflush(m_stream);
        m_drawn = false;
    }
}
