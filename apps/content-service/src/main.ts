import './instrument';
import 'reflect-metadata';
import { runMain } from '@advocacy/service-kit';
import { createApp } from './app';

runMain(createApp);
