#include "JsonArrayWriter.h"

#include "NdjsonRecord.h"

bool JsonArrayWriter::begin()
{
    return put(m_out, "[");
}

bool JsonArrayWriter::write(const StoredEvent& event)
{
    QByteArray out = m_first ? QByteArrayLiteral("\n") : QByteArrayLiteral(",\n");
    m_first = false;
    out.append(NdjsonRecord::compact(NdjsonRecord::object(event)));
    return put(m_out, out);
}

bool JsonArrayWriter::finish()
{
    return put(m_out, m_first ? QByteArrayLiteral("]\n") : QByteArrayLiteral("\n]\n"));
}
