#!/usr/bin/env python3
# Runs scale-report binaries (examples/scale, built and copied aside) in turn, ROUNDS times,
# with the same options, and prints the median of each figure per binary.
import json, subprocess, sys, statistics
# usage: docs/alternate.py ROUNDS OPTS... -- BIN...
args = sys.argv[1:]
rounds = int(args[0]); sep = args.index('--')
opts = args[1:sep]; bins = args[sep+1:]
keys = ['load', 'route', 'runbook', 'json', 'n10', 'n1000', 'n10000', 'fleet', 'deadlock', 'chain']
res = {b: {k: [] for k in keys} for b in bins}
for r in range(rounds):
    for b in bins:
        out = json.loads(subprocess.run([b, '--json'] + opts, capture_output=True, text=True, check=True).stdout)
        e = out['embedded']
        d = res[b]
        d['load'].append(e['catalog_load_us']); d['route'].append(e['worst_plan_us']); d['runbook'].append(e['worst_plan_with_runbook_us']); d['json'].append(e['worst_plan_json_us'])
        for s in out['synthetic']:
            k = 'n%d' % s['releases_per_product']
            if k in d: d[k].append(s['plan_us'])
        d['fleet'].append(out['fleet']['plans_per_sec'])
        for a in out['adversarial']:
            if a['family'] in d: d[a['family']].append(a['ms'])
        print('round', r, b, {k: v[-1] for k, v in d.items() if v}, flush=True)
print()
print('median over %d alternating rounds, options: %s' % (rounds, ' '.join(opts)))
print('%-22s' % 'binary' + ''.join('%12s' % k for k in keys if res[bins[0]][k]))
for b in bins:
    print('%-22s' % b.split('/')[-1] + ''.join('%12.1f' % statistics.median(res[b][k]) for k in keys if res[b][k]))
