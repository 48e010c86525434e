#include "RefusalLog.h"

void RefusalLog::add(const Refusal& refusal)
{
    ++m_total;
    m_recent.append(refusal);
    trim();
}

void RefusalLog::append(const RefusalLog& later)
{
    m_total += later.m_total;
    m_recent.append(later.m_recent);
    trim();
}

void RefusalLog::clear()
{
    m_total = 0;
    m_recent.clear();
}

void RefusalLog::trim()
{
    if (m_recent.size() > Capacity) {
        m_recent.remove(0, m_recent.size() - Capacity);
    }
}
