// Reference: the floor for any reader built on yaml-cpp's event API. Counts events, keeps
// nothing.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <cstdio>
#include <fstream>

namespace {
class Counter : public YAML::EventHandler
{
public:
    long events = 0;
    void OnDocumentStart(const YAML::Mark &) override { ++events; }
    void OnDocumentEnd() override { ++events; }
    void OnNull(const YAML::Mark &, YAML::anchor_t) override { ++events; }
    void OnAlias(const YAML::Mark &, YAML::anchor_t) override { ++events; }
    void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t,
                  const std::string &) override
    {
        ++events;
    }
    void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                         YAML::EmitterStyle::value) override
    {
        ++events;
    }
    void OnSequenceEnd() override { ++events; }
    void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                    YAML::EmitterStyle::value) override
    {
        ++events;
    }
    void OnMapEnd() override { ++events; }
};
} // namespace

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    std::ifstream in(argv[1], std::ios::binary);
    YAML::Parser parser(in);
    Counter counter;
    while (parser.HandleNextDocument(counter)) {
    }
    std::printf("%ld events\n", counter.events);
    return 0;
}
